// The Jinja/SQL scanner: which ref/source/config calls it sees, where, and
// which it must not see (comments, raw blocks, method calls, non-literals).
#include <catch2/catch.hpp>

#include <utility>
#include <vector>

#include "dbt/sql_scanner.hpp"

using floe::dbt::scan_model_sql;

namespace {

std::vector<std::string> ref_names(const floe::dbt::SqlScan& scan) {
  std::vector<std::string> names;
  for (const auto& r : scan.refs) names.push_back(r.package.empty() ? r.name : r.package + ":" + r.name);
  return names;
}

}  // namespace

TEST_CASE("scanner finds refs with single and double quotes and odd whitespace", "[scanner]") {
  const auto scan = scan_model_sql(
      "select * from {{ ref('a') }}\n"
      "join {{ref(\"b\")}} using (id)\n"
      "join {{  ref (  'c'  )  }} using (id)\n"
      "join {{-\n  ref(\n    'd'\n  )\n-}} using (id)\n");
  CHECK(ref_names(scan) == std::vector<std::string>{"a", "b", "c", "d"});
  REQUIRE(scan.refs.size() == 4);
  CHECK(scan.refs[0].line == 1);
  CHECK(scan.refs[0].column == 18);
  CHECK(scan.refs[1].line == 2);
  CHECK(scan.refs[1].column == 8);
  CHECK(scan.refs[3].line == 5);
  CHECK(scan.refs[3].column == 3);
}

TEST_CASE("scanner reads two-argument and versioned refs", "[scanner]") {
  const auto scan = scan_model_sql(
      "select * from {{ ref('my_package', 'orders') }}\n"
      "union all select * from {{ ref('customers', v=2) }}\n"
      "union all select * from {{ ref(\"pkg\", \"items\", version=3) }}\n");
  REQUIRE(scan.refs.size() == 3);
  CHECK(scan.refs[0].package == "my_package");
  CHECK(scan.refs[0].name == "orders");
  CHECK(scan.refs[1].package.empty());
  CHECK(scan.refs[1].name == "customers");
  CHECK(scan.refs[1].version == "2");
  CHECK(scan.refs[2].package == "pkg");
  CHECK(scan.refs[2].name == "items");
  CHECK(scan.refs[2].version == "3");
}

TEST_CASE("scanner skips SQL comments, Jinja comments and raw blocks", "[scanner]") {
  const auto scan = scan_model_sql(
      "-- {{ ref('line_comment') }}\n"
      "/* {{ ref('block_comment') }}\n   still {{ ref('block_comment_2') }} */\n"
      "{# {{ ref('jinja_comment') }} #}\n"
      "{% raw %}{{ ref('raw_block') }}{% endraw %}\n"
      "select '--not a comment', '/* nor this', {{ ref('kept') }} from t -- trailing {{ ref('gone') }}\n"
      "where x = '{{ ref(\"in_sql_string\") }}'\n");
  CHECK(ref_names(scan) == std::vector<std::string>{"kept", "in_sql_string"});
  REQUIRE(scan.refs.size() == 2);
  CHECK(scan.refs[0].line == 6);
}

TEST_CASE("scanner ignores look-alikes and non-literal arguments", "[scanner]") {
  const auto scan = scan_model_sql(
      "select {{ my_ref('a') }}, {{ x.ref('b') }}, {{ ref(var('model')) }}, {{ ref }},\n"
      "  {{ 'ref(\"in_string\")' }}, {{ source(var('s'), 't') }}, {{ ref('ok') }}\n");
  CHECK(ref_names(scan) == std::vector<std::string>{"ok"});
  CHECK(scan.sources.empty());
}

TEST_CASE("scanner reads source calls with positions", "[scanner]") {
  const auto scan = scan_model_sql("select *\nfrom {{ source( 'raw' , \"orders\" ) }}\n");
  REQUIRE(scan.sources.size() == 1);
  CHECK(scan.sources[0].source_name == "raw");
  CHECK(scan.sources[0].table_name == "orders");
  CHECK(scan.sources[0].line == 2);
  CHECK(scan.sources[0].column == 9);
}

TEST_CASE("scanner reads literal config() arguments", "[scanner]") {
  const auto scan = scan_model_sql(
      "{{\n  config(\n    materialized = \"incremental\",\n    tags=['finance', \"certified\"],\n"
      "    unique_key='id', enabled=True,\n    meta={'owner': 'team-a', 'tier': 2, 'flags': [true, none]}\n  )\n}}\n"
      "select 1\n");
  REQUIRE(scan.config.materialized);
  CHECK(*scan.config.materialized == "incremental");
  CHECK(scan.config.tags == std::vector<std::string>{"finance", "certified"});
  REQUIRE(scan.config.enabled);
  CHECK(*scan.config.enabled);
  CHECK(scan.config.meta.at("owner") == "\"team-a\"");
  CHECK(scan.config.meta.at("tier") == "2");
  CHECK(scan.config.meta.at("flags") == "[true,null]");
}

TEST_CASE("scanner: config with a single tag string and a non-literal materialization", "[scanner]") {
  const auto scan = scan_model_sql("{{ config(materialized=var('mat', 'view'), tags='nightly') }} select 1");
  CHECK_FALSE(scan.config.materialized);
  CHECK(scan.config.tags == std::vector<std::string>{"nightly"});
}

TEST_CASE("scanner: a '}}' inside a Jinja string does not end the block", "[scanner]") {
  const auto scan = scan_model_sql("{{ log('}} {{', info=true) ~ ref('after_string') }}");
  CHECK(ref_names(scan) == std::vector<std::string>{"after_string"});
}

TEST_CASE("scanner: refs in {% set %} and control blocks are seen", "[scanner]") {
  const auto scan = scan_model_sql(
      "{% set parent = ref('a') %}\n{% if is_incremental() %}select * from {{ ref('b') }}{% endif %}\n");
  CHECK(ref_names(scan) == std::vector<std::string>{"a", "b"});
}

TEST_CASE("scanner points at the first token outside comments", "[scanner]") {
  const auto scan = scan_model_sql("-- header\n/* more */\n\n   select 1\n");
  CHECK(scan.first_line == 4);
  CHECK(scan.first_column == 4);
  const auto empty = scan_model_sql("");
  CHECK(empty.first_line == 1);
  CHECK(empty.first_column == 1);
}

// Comments are stepped over in one search each, with the line breaks in them
// counted; the positions after them must be those of a character-by-character walk.
TEST_CASE("scanner counts lines and columns through comments and plain SQL", "[scanner]") {
  const auto scan = scan_model_sql(
      "/* one\n two\n three */ select {{ ref('a') }}\n"
      "{# a Jinja\ncomment #}  {{ ref('b') }} -- tail {{ ref('gone') }}\n"
      "  where x = 'it''s {{ ref(\"c\") }}'\n"
      "-- a last line without a break {{ ref('gone_too') }}");
  CHECK(ref_names(scan) == std::vector<std::string>{"a", "b", "c"});
  std::vector<std::pair<int, int>> at;  // line, column
  for (const auto& r : scan.refs) at.emplace_back(r.line, r.column);
  CHECK(at == std::vector<std::pair<int, int>>{{3, 21}, {5, 16}, {6, 23}});
  CHECK(scan.first_line == 3);  // `select`: comments are not tokens
  CHECK(scan.first_column == 11);
  const auto after = scan_model_sql("/* a\n b */\n\n    select 1");
  CHECK(after.first_line == 4);
  CHECK(after.first_column == 5);
}

TEST_CASE("scanner survives unterminated constructs", "[scanner]") {
  for (const char* text : {"{{ ref('a'", "{{ ref('a') ", "/* never closed {{ ref('x') }}", "{# open",
                           "select 'open string {{ ref(\"s\") }}", "{{ config(meta={'a': [1, 2", "{% raw %}{{ ref('x') }}"}) {
    CAPTURE(text);
    CHECK_NOTHROW(scan_model_sql(text));
  }
  CHECK(ref_names(scan_model_sql("select 'open string {{ ref(\"s\") }}")) == std::vector<std::string>{"s"});
}
