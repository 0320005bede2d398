// Regression tests for the stack overflows mutation runs of `floe validate`
// found in libfloe-dbt: literals nested 100k deep in a model's Jinja, and flow
// collections nested 100k deep in a properties file. Each must end in
// FLOE-D006 at the right place (or be read), never in a crash; run under the
// ASan build, where frames are larger, too.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "dbt/dbt_project.hpp"
#include "base/fast_yaml.hpp"
#include "dbt/schema_yml_reader.hpp"
#include "dbt/sql_scanner.hpp"
#include "temp_dir.hpp"

using floe::Diagnostics;
using floe::dbt::scan_model_sql;

namespace {

constexpr std::size_t kDeep = 100000;

std::string nested(char open, char close, std::size_t depth, const std::string& inner = "1") {
  return std::string(depth, open) + inner + std::string(depth, close);
}

const floe::Diagnostic* find_code(const Diagnostics& diags, const std::string& code) {
  const auto& items = diags.items();
  auto it = std::find_if(items.begin(), items.end(), [&](const floe::Diagnostic& d) { return d.code == code; });
  return it == items.end() ? nullptr : &*it;
}

}  // namespace

TEST_CASE("scanner: a literal nested 100k deep is cut at the limit, not a stack overflow", "[deep]") {
  for (const char open : {'[', '(', '{'}) {
    const char close = open == '[' ? ']' : open == '(' ? ')' : '}';
    // `{` opens a dict, whose keys must be strings: {'k': {'k': ...}}.
    std::string literal;
    if (open == '{') {
      for (std::size_t i = 0; i < kDeep; ++i) literal += "{'k': ";
      literal += "1" + std::string(kDeep, '}');
    } else {
      literal = nested(open, close, kDeep);
    }
    const auto scan = scan_model_sql("-- deep\n  {{ config(materialized='table', meta=" + literal +
                                     ") }}\nselect * from {{ ref('after') }}\n");
    REQUIRE(scan.too_deep);
    CHECK(scan.too_deep->line == 2);
    // Past the limit the scan goes on: the config's other arguments and the
    // ref after it are still read.
    CHECK(scan.config.materialized == "table");
    REQUIRE(scan.refs.size() == 1);
    CHECK(scan.refs[0].name == "after");
  }
}

TEST_CASE("scanner: literals up to the limit are read, odd numbers are not understood, never thrown",
          "[deep]") {
  const auto at_limit = scan_model_sql("{{ config(tags=" + nested('[', ']', floe::dbt::kSqlLiteralDepthLimit, "'t'") +
                                       ", materialized='view') }}");
  CHECK_FALSE(at_limit.too_deep);
  CHECK(at_limit.config.materialized == "view");
  const auto past = scan_model_sql("{{ config(tags=" + nested('[', ']', floe::dbt::kSqlLiteralDepthLimit + 1, "'t'") +
                                   ") }}");
  CHECK(past.too_deep);

  // std::stoll / std::stod threw here (out_of_range, invalid_argument).
  for (const std::string odd : {"99999999999999999999999", "-.", "-", "1.2.3"}) {
    const auto scan = scan_model_sql("{{ config(materialized='table', meta={'odd': " + odd + "}) }}");
    CHECK(scan.config.materialized == "table");
    CHECK(scan.config.meta.empty());  // the dict holds a non-literal, so it is not understood
  }
  const auto fine = scan_model_sql("{{ config(meta={'ok': 1.5, 'n': -3}) }}");
  CHECK(fine.config.meta.at("ok") == "1.5E0");
  CHECK(fine.config.meta.at("n") == "-3");
}

TEST_CASE("fast yaml: flow collections nested 100k deep fall back, yaml-cpp stops at its limit: FLOE-D006",
          "[deep]") {
  for (const char open : {'[', '{'}) {
    std::string value;
    if (open == '[') {
      value = nested('[', ']', kDeep);
    } else {
      for (std::size_t i = 0; i < kDeep; ++i) value += "{k: ";
      value += "1" + std::string(kDeep, '}');
    }
    const std::string text = "version: 2\nmodels:\n  - name: m\n    meta: " + value + "\n";
    floe::fastyaml::Document doc;
    CHECK_FALSE(floe::fastyaml::parse(text, doc));

    floe::dbt::SchemaYml yml;
    Diagnostics diags;
    CHECK_FALSE(floe::dbt::read_schema_yml("models/schema.yml", text, yml, diags));
    const floe::Diagnostic* d = find_code(diags, "FLOE-D006");
    REQUIRE(d != nullptr);
    CHECK(d->severity == floe::Severity::error);
    CHECK(d->where.file == "models/schema.yml");
    CHECK(d->where.line == 4);
    CHECK(d->where.column > 0);
  }
}

// A "billion laughs" properties file: nine levels of nine aliases each
// (9^9 = 387 million values) in about 500 bytes. Walking it took 8 GB and
// 114 s; the expansion is now bounded before any reader walks the tree.
std::string billion_laughs() {
  std::string text = "version: 2\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (int level = 1; level < 9; ++level) {
    text += "l" + std::to_string(level) + ": &l" + std::to_string(level) + " [";
    for (int i = 0; i < 9; ++i) text += (i ? ", *l" : "*l") + std::to_string(level - 1);
    text += "]\n";
  }
  return text + "models:\n  - name: m\n    meta: {laughs: *l8}\n";
}

TEST_CASE("yaml: aliases that expand past a million values are FLOE-D006, read in bounded time", "[deep]") {
  const std::string bomb = billion_laughs();
  REQUIRE(bomb.size() < 1000);
  floe::dbt::SchemaYml yml;
  Diagnostics diags;
  CHECK_FALSE(floe::dbt::read_schema_yml("models/schema.yml", bomb, yml, diags));
  const floe::Diagnostic* d = find_code(diags, "FLOE-D006");
  REQUIRE(d != nullptr);
  CHECK(d->severity == floe::Severity::error);
  CHECK(d->where.file == "models/schema.yml");
  CHECK_THAT(d->message, Catch::Contains("expand to more than 1000000 values"));

  // An anchor that refers to itself (yaml-cpp accepts it): a cycle, not a tree.
  Diagnostics cyclic;
  floe::dbt::SchemaYml self;
  CHECK_FALSE(floe::dbt::read_schema_yml("models/self.yml", "version: 2\nmodels: &m\n  - name: m\n    meta: *m\n",
                                         self, cyclic));
  CHECK(find_code(cyclic, "FLOE-D006") != nullptr);

  // The same in dbt_project.yml: the project is refused, not walked.
  floe::test::TempDir dir;
  floe::test::write_file(dir.path() / "dbt_project.yml", "name: laughs\n" + bomb.substr(bomb.find("l0:")));
  floe::dbt::DbtProject project;
  Diagnostics project_diags;
  CHECK_FALSE(floe::dbt::read_dbt_project(dir.path().string(), project, project_diags, false));
  CHECK(find_code(project_diags, "FLOE-D006") != nullptr);
}

TEST_CASE("yaml: a few shared anchors, as real properties files use them, are still read", "[deep]") {
  const std::string text =
      "version: 2\nmodels:\n  - name: a\n    columns:\n      - name: id\n        tests: &key [unique, not_null]\n"
      "  - name: b\n    columns:\n      - name: id\n        tests: *key\n";
  floe::dbt::SchemaYml yml;
  Diagnostics diags;
  CHECK(floe::dbt::read_schema_yml("models/schema.yml", text, yml, diags));
  CHECK(find_code(diags, "FLOE-D006") == nullptr);
}

TEST_CASE("fast yaml: moderate nesting is still read by the fast path", "[deep]") {
  const std::string text = "version: 2\nmodels:\n  - name: m\n    meta:\n      x: " + nested('[', ']', 500) + "\n";
  floe::fastyaml::Document doc;
  CHECK(floe::fastyaml::parse(text, doc));
  floe::dbt::SchemaYml yml;
  Diagnostics diags;
  CHECK(floe::dbt::read_schema_yml("schema.yml", text, yml, diags));
  CHECK(diags.empty());
  REQUIRE(yml.models.size() == 1);
}

TEST_CASE("project: a model nesting 100k deep is FLOE-D006 at file:line:column, the project still read", "[deep]") {
  floe::test::TempDir dir;
  floe::test::write_file(dir.path() / "dbt_project.yml",
                         "name: demo\nversion: '1.0'\nconfig-version: 2\nprofile: demo\n");
  floe::test::write_file(dir.path() / "models/deep.sql",
                         "select 1\n  {{ config(meta=" + nested('[', ']', kDeep) + ") }}\n");
  floe::test::write_file(dir.path() / "models/plain.sql", "select * from {{ ref('deep') }}\n");
  floe::dbt::DbtProject project;
  Diagnostics diags;
  CHECK_FALSE(floe::dbt::read_dbt_project(dir.path().string(), project, diags, false));
  const floe::Diagnostic* d = find_code(diags, "FLOE-D006");
  REQUIRE(d != nullptr);
  CHECK(d->where.file == (dir.path() / "models/deep.sql").string());
  CHECK(d->where.line == 2);
  CHECK(d->where.column == 18 + static_cast<int>(floe::dbt::kSqlLiteralDepthLimit));
  CHECK(project.models.size() == 2);
}
