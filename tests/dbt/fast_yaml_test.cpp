// The fast properties-file parser (fast_yaml.cpp) against yaml-cpp: every yml
// of the fixtures, the examples and a generated 1k-model project, plus edge
// cases, must read identically both ways (entries, locations, diagnostics).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <unistd.h>
#include <fmt/format.h>

#include "dbt/schema_yml_reader.hpp"
#include "dbt/yaml_support.hpp"

namespace fs = std::filesystem;
using floe::Diagnostics;
using floe::SourceLocation;
using floe::dbt::SchemaYml;

namespace {

std::string loc(const SourceLocation& w) { return fmt::format("{}:{}:{}", w.file, w.line, w.column); }

std::string dump(const SchemaYml& y, const Diagnostics& d) {
  std::string s;
  for (const auto& m : y.models) {
    s += fmt::format("model {} @{} desc=[{}] mat={} en={}\n", m.name, loc(m.where), m.description,
                     m.materialized.value_or("<none>"), m.enabled ? (*m.enabled ? "1" : "0") : "-");
    for (const auto& t : m.tags) s += "  tag " + t + "\n";
    for (const auto& [k, v] : m.meta) s += "  meta " + k + "=" + v + "\n";
    for (const auto& c : m.columns) {
      s += fmt::format("  column {} @{}:{} desc=[{}]\n", c.name, c.line, c.column, c.description);
      for (const auto& t : c.tags) s += "    tag " + t + "\n";
    }
    for (const auto& t : m.tests) s += "  test " + t.type + "(" + t.column_name + ")\n";
  }
  for (const auto& src : y.sources) {
    s += fmt::format("source {}.{} @{}\n", src.source_name, src.table_name, loc(src.where));
    for (const auto& c : src.columns) s += fmt::format("  column {} @{} type=[{}]\n", c.name, loc(floe::dbt::column_location(src, c)), c.data_type);
  }
  for (const auto& diag : d.items()) {
    s += fmt::format("diag {} {} @{}\n", diag.code, diag.message, loc(diag.where));
  }
  return s;
}

// Returns whether the fast path took the file.
bool compare(const std::string& name, const std::string& text) {
  SchemaYml a;
  SchemaYml b;
  Diagnostics da;
  Diagnostics db;
  const bool ok_a = floe::dbt::read_schema_yml_with_yaml_cpp(name, text, a, da);
  const bool fast = floe::dbt::try_read_schema_yml_fast(name, text, b, db);
  {
    // yaml-cpp's events into the fast parser's tree: what replaced its node graph.
    SchemaYml c;
    Diagnostics dc;
    const bool ok_events = floe::dbt::read_schema_yml_from_events(name, text, c, dc);
    INFO("events: " << name << "\n" << text);
    CHECK(ok_events == ok_a);
    CHECK(dump(a, da) == dump(c, dc));
  }
  if (!fast) {
    INFO(name);
    CHECK((b.models.empty() && b.sources.empty() && db.items().empty()));
    const bool ok_c = floe::dbt::read_schema_yml(name, text, b, db);
    CHECK(ok_a == ok_c);
  } else {
    CHECK(ok_a);
  }
  INFO(name << "\n" << text);
  CHECK(dump(a, da) == dump(b, db));
  return fast;
}

void compare_tree(const fs::path& root, int& files, int& fast) {
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    const auto ext = e.path().extension();
    if (!e.is_regular_file() || (ext != ".yml" && ext != ".yaml")) continue;
    std::string text;
    REQUIRE(floe::dbt::read_text_file(e.path().string(), text));
    ++files;
    if (compare(e.path().string(), text)) ++fast;
  }
}

}  // namespace

TEST_CASE("fast yml: fixtures and examples read as with yaml-cpp", "[yml][fast]") {
  int files = 0;
  int fast = 0;
  compare_tree(fs::path(FLOE_TEST_SOURCE_DIR) / "tests" / "fixtures", files, fast);
  compare_tree(fs::path(FLOE_TEST_SOURCE_DIR) / "examples", files, fast);
  CHECK(files > 50);
  CHECK(fast * 10 >= files * 8);  // the subset covers nearly every real file
}

TEST_CASE("fast yml: a generated 1k-model project reads as with yaml-cpp", "[yml][fast]") {
  const fs::path out = fs::temp_directory_path() / fmt::format("floe_fast_yml_{}", ::getpid());
  fs::remove_all(out);
  const std::string cmd = fmt::format("python3 {}/bench/gen_dbt_project.py --models 1000 --out {} > /dev/null",
                                      FLOE_TEST_SOURCE_DIR, out.string());
  REQUIRE(std::system(cmd.c_str()) == 0);
  int files = 0;
  int fast = 0;
  compare_tree(out / "models", files, fast);
  fs::remove_all(out);
  CHECK(files > 10);
  CHECK(fast == files);
}

TEST_CASE("fast yml: edge cases read as with yaml-cpp", "[yml][fast]") {
  const char* const cases[] = {
      "",
      "# only a comment\n",
      "models:\n",
      "models: []\n",
      "models: 3\n",
      "- a\n- b\n",
      "just text\n",
      "models:\n- name: a\n  description: null\n- name: ~\n- 5\n- [x]\n",
      "models:\n  - name: 'it''s'\n    description: \"tab\\t \\u00e9 \\x41 \\\"q\\\"\"\n",
      "models:\n  - name: a # comment\n    tags: [x, 'y', \"z\"]  # c\n    config: {materialized: table, tags: b, enabled: no}\n",
      "models:\n  - name: a\n    meta: {owner: 'me', n: 6, f: 1.5, b: yes, z: null, l: [1, two], o: {k: v}}\n",
      "models:\n  - name: a\n    description: |\n      line one\n\n      line two\n    columns:\n      - name: c\n",
      "models:\n  - name: a\n    description: >-\n      folded one\n      folded two\n\n      para\n\n",
      "models:\n  - name: a\n    description: |+\n      keep\n\n\n  - name: b\n",
      "models:\n  - name: a\n    description: plain\n      continued\n",
      "models:\n  - name: &x a\n  - name: *x\n",
      "models:\n  - name: !!str 1\n",
      "models:\n\t- name: a\n",
      "models:\n  - name: a\n  - name: [unclosed\n",
      "models:\n  - name: \"unclosed\n",
      "---\nmodels:\n  - name: a\n---\nmodels: []\n",
      "models:\n  - name: a\n    name: b\n",
      // A key given twice in a column or model map: the first one counts,
      // both keys of tests are read, whatever the order of the keys.
      "models:\n  - tests: [unique]\n    columns:\n      - tests: [t1]\n        data_tests: [t2]\n        description: one\n"
      "        description: two\n        name: c\n        name: d\n        config: {tags: [x]}\n        tags: [y]\n"
      "    name: m\n    data_tests: [not_null]\n    config: {materialized: table, tags: [z]}\n    config: {materialized: view}\n",
      "models:\n  - name: a\n   bad: indent\n",
      "models:\n  -\n    name: a\n  -\n",
      "models:\n  - name: a\n    columns:\n      - name: c\n        data_tests:\n          - not_null\n          - relationships:\n              to: ref('b')\n              field: id\n          - name: custom\n            test_name: unique\n",
      "sources:\n  - name: raw\n    tables:\n      - name: t1\n      - {name: t2}\n      - x\n",
      // A source, table and column map with keys given twice or after the others: the first counts.
      "sources:\n  - tables:\n      - columns:\n          - {data_type: int, name: a, name: b, data_type: text}\n          - x\n"
      "          - {data_type: int}\n        name: t\n        name: u\n        columns: []\n    name: s\n    name: r\n"
      "    tables: []\n  - {tables: [{name: v}]}\n",
      "models:\n  - name: a\n    columns: text\n",
      "models:\n- name: \"a:b\"\n  description: 'x: y #z' # c\n  tags:\n  - a\n  - b\n",
      "models:\n  - name: a\n    description: a: b\n",
      "models:\n  - name: \xc3\xa9t\xc3\xa9\n    description: caf\xc3\xa9 [1] {2}, ok\n    columns:\n      - name: b\n",
      "models:\n  - name: a\n    tags: [a, b,]\n",
      "sources:\n  - name: s\n    tables:\n      - {description: \xc3\xa9t\xc3\xa9 \xe2\x82\xac, name: t}\n",
      "models:\n  - name: a\n    description: |\n      no final break",
      "models:\n  - name: a\n    description: >\n      x\n        more\n      y\n",
      "models:\n  - name: -1\n    description: 2e3\n",
      "? complex\n: key\n",
      "models:\r\n  - name: a\r\n",
      "models:\n  - name: a\n    meta:\n      owner: x\n      nested:\n        k: [1, 2]\n    config:\n      meta: {owner: y}\n",
      "models:\n  - &m\n    name: a\n    columns: [{name: c, data_tests: [not_null]}]\n  - *m\n",
      "models:\n  - name: a\n    meta: &meta {owner: x, n: [1, 2]}\n  - name: b\n    meta: *meta\n    config: {meta: *meta}\n",
      "models: &m [*m]\n",
      "models:\n  - name: a\n    <<: {description: d}\n",
      "models:\n  - name: &n a\n    columns:\n      - name: *n\n        description: \"two\n          lines\"\n",
  };
  int fast = 0;
  for (const char* text : cases) fast += compare("case.yml", text) ? 1 : 0;
  // 17 cases are outside the subset by design (anchors, tags, tabs, errors, ...).
  CHECK(fast >= 20);
}

// Small deterministic mutations of real files (a character dropped, a space or
// line break inserted, a line duplicated or re-indented) must still read the
// same both ways: the fast parser either agrees with yaml-cpp or declines.
TEST_CASE("fast yml: mutated fixtures read as with yaml-cpp", "[yml][fast]") {
  std::vector<std::string> texts;
  for (const char* dir : {"tests/fixtures", "examples"}) {
    for (const auto& e : fs::recursive_directory_iterator(fs::path(FLOE_TEST_SOURCE_DIR) / dir)) {
      if (!e.is_regular_file() || e.path().extension() != ".yml") continue;
      std::string text;
      REQUIRE(floe::dbt::read_text_file(e.path().string(), text));
      if (text.size() < 4000) texts.push_back(std::move(text));
    }
  }
  std::uint32_t seed = 12345;
  auto next = [&seed] {
    seed = seed * 1664525u + 1013904223u;
    return seed >> 8;
  };
  const char inserts[] = {' ', '\n', ':', '-', '#', '\'', '"', '[', '{', ',', '|', '>', 'x'};
  for (const auto& original : texts) {
    for (int i = 0; i < 40; ++i) {
      std::string text = original;
      if (text.empty()) break;
      const std::size_t at = next() % text.size();
      switch (next() % 4) {
        case 0: text.erase(at, 1); break;
        case 1: text.insert(at, 1, inserts[next() % sizeof inserts]); break;
        case 2: {
          const std::size_t start = text.rfind('\n', at);
          const std::size_t from = start == std::string::npos ? 0 : start + 1;
          const std::size_t end = text.find('\n', at);
          const std::string line = text.substr(from, end == std::string::npos ? std::string::npos : end - from + 1);
          text.insert(from, line);
          break;
        }
        default: {
          const std::size_t start = text.rfind('\n', at);
          text.insert(start == std::string::npos ? 0 : start + 1, next() % 2 == 0 ? "  " : " ");
          break;
        }
      }
      compare("mutated.yml", text);
    }
  }
}
