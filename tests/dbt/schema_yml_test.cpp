// Properties files (models/**/*.yml): test forms, columns, config, meta,
// sources, and the diagnostics for broken or odd files.
#include <catch2/catch.hpp>

#include "dbt/schema_yml_reader.hpp"

using floe::Diagnostics;
using floe::dbt::read_schema_yml;
using floe::dbt::SchemaYml;

namespace {

std::vector<std::string> test_strings(const floe::dbt::YmlModelEntry& m) {
  std::vector<std::string> out;
  for (const auto& t : m.tests) out.push_back(t.type + "(" + t.column_name + ")");
  return out;
}

}  // namespace

TEST_CASE("yml: every test form is recognized", "[yml]") {
  const std::string text = R"yml(version: 2
models:
  - name: orders
    data_tests:
      - dbt_utils.unique_combination_of_columns:
          arguments:
            combination_of_columns: [order_id, line]
    columns:
      - name: order_id
        tests:
          - not_null
          - unique:
              config: {severity: warn}
      - name: status
        data_tests:
          - accepted_values:
              values: ['placed', 'shipped']
      - name: customer_id
        data_tests:
          - relationships: {to: "ref('customers')", field: id}
          - name: customer_is_known
            test_name: not_null
      - name: amount
        data_tests:
          - dbt_utils.expression_is_true:
              expression: ">= 0"
)yml";
  SchemaYml yml;
  Diagnostics diags;
  REQUIRE(read_schema_yml("models/schema.yml", text, yml, diags));
  CHECK(diags.empty());
  REQUIRE(yml.models.size() == 1);
  CHECK(test_strings(yml.models[0]) ==
        std::vector<std::string>{"dbt_utils.unique_combination_of_columns()", "not_null(order_id)", "unique(order_id)",
                                 "accepted_values(status)", "relationships(customer_id)", "not_null(customer_id)",
                                 "dbt_utils.expression_is_true(amount)"});
}

TEST_CASE("yml: model properties, config, meta and column locations", "[yml]") {
  const std::string text = R"(version: 2
models:
  - name: gold_revenue
    description: "Revenue per day."
    tags: certified
    meta:
      owner: finance@acme.com
      sla_hours: 6
      quoted: "6"
      on_call: yes
    config:
      materialized: incremental
      enabled: true
      tags: [finance]
      meta: {owner: cfo@acme.com}
    columns:
      - name: day
        description: The day.
        tags: [time]
        config: {tags: [partition]}
      - name: revenue
)";
  SchemaYml yml;
  Diagnostics diags;
  REQUIRE(read_schema_yml("p/models/gold.yml", text, yml, diags));
  REQUIRE(yml.models.size() == 1);
  const auto& m = yml.models[0];
  CHECK(m.name == "gold_revenue");
  CHECK(m.where.file == "p/models/gold.yml");
  CHECK(m.where.line == 3);
  CHECK(m.where.column == 11);
  CHECK(m.description == "Revenue per day.");
  CHECK(m.tags == std::vector<std::string>{"certified", "finance"});
  REQUIRE(m.materialized);
  CHECK(*m.materialized == "incremental");
  CHECK(m.meta.at("owner") == "\"cfo@acme.com\"");  // config.meta wins over meta
  CHECK(m.meta.at("sla_hours") == "6");
  CHECK(m.meta.at("quoted") == "\"6\"");
  CHECK(m.meta.at("on_call") == "true");  // YAML 1.1, as dbt's PyYAML reads it
  REQUIRE(m.columns.size() == 2);
  CHECK(m.columns[0].name == "day");
  CHECK(m.columns[0].description == "The day.");
  CHECK(m.columns[0].tags == std::vector<std::string>{"partition", "time"});
  CHECK(m.columns[0].line == 17);
  CHECK(m.columns[0].column == 15);  // the name's value
  CHECK(m.columns[1].description.empty());
}

TEST_CASE("yml: sources with tables", "[yml]") {
  const std::string text = "sources:\n  - name: raw\n    tables:\n      - name: orders\n      - name: customers\n"
                           "  - name: empty_source\n";
  SchemaYml yml;
  Diagnostics diags;
  REQUIRE(read_schema_yml("models/sources.yml", text, yml, diags));
  REQUIRE(yml.sources.size() == 2);
  CHECK(yml.sources[0].source_name == "raw");
  CHECK(yml.sources[0].table_name == "orders");
  CHECK(yml.sources[0].where.line == 4);
  CHECK(yml.sources[1].table_name == "customers");
}

TEST_CASE("yml: a syntax error is FLOE-D002 with line and column", "[yml]") {
  const std::string text = "version: 2\nmodels:\n  - name: a\n    columns:\n      - name: x\n     bad: [\n";
  SchemaYml yml;
  Diagnostics diags;
  CHECK_FALSE(read_schema_yml("proj/models/schema.yml", text, yml, diags));
  REQUIRE(diags.items().size() == 1);
  const auto& d = diags.items()[0];
  CHECK(d.code == "FLOE-D002");
  CHECK(d.severity == floe::Severity::error);
  CHECK(d.where.file == "proj/models/schema.yml");
  CHECK(d.where.line == 6);
  CHECK(d.where.column == 6);
}

TEST_CASE("yml: entries of the wrong shape are skipped with FLOE-D004", "[yml]") {
  const std::string text = "models:\n  - description: no name\n  - name: ok\n    columns: {not: a list}\n";
  SchemaYml yml;
  Diagnostics diags;
  REQUIRE(read_schema_yml("models/x.yml", text, yml, diags));
  REQUIRE(yml.models.size() == 1);
  CHECK(yml.models[0].name == "ok");
  REQUIRE(diags.items().size() == 2);
  CHECK(diags.items()[0].code == "FLOE-D004");
  CHECK(diags.items()[0].severity == floe::Severity::warning);
  CHECK(diags.items()[0].where.line == 2);
}

TEST_CASE("yml: empty and unrelated files are fine", "[yml]") {
  SchemaYml yml;
  Diagnostics diags;
  CHECK(read_schema_yml("a.yml", "", yml, diags));
  CHECK(read_schema_yml("b.yml", "# only a comment\n", yml, diags));
  CHECK(read_schema_yml("c.yml", "version: 2\nseeds:\n  - name: s\n", yml, diags));
  CHECK(diags.empty());
  CHECK(yml.models.empty());
}
