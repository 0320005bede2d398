// The semantic layer plugins after a real run (dbt-core and dbt-duckdb on the
// run-product fixture with a gold model added): `dbt` writes MetricFlow
// semantic models, metrics and a time spine that real `dbt parse` accepts
// into its semantic manifest; `cube` writes Cube data model files whose
// cubes, dimensions, measures and joins follow the models and their tests.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "compile_test_support.hpp"
#include "temp_dir.hpp"

using namespace floe::test;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

const std::string kVenv = FLOE_TEST_VENV;

// run-product with gold_orders (a date, an amount, a relationship to
// silver_customer_totals, which meta marks semantic) and `layer` selected.
struct SemanticProduct {
  TempDir tmp;
  fs::path dir = tmp.path() / "shop";
  explicit SemanticProduct(const std::string& layer) {
    copy_tree(fs::path(FLOE_TEST_SOURCE_DIR) / "tests/fixtures/run-product", tmp.path());
    fs::path manifest = tmp.path() / "platform" / "manifest.yaml";
    std::string text = read_file(manifest);
    text.replace(text.find("      threads: 2\n"), 17, "      threads: 2\n  semantic_layer:\n    type: " + layer + "\n");
    write_file(manifest, text);
    write_file(dir / "models" / "gold_orders.sql",
               "{{ config(materialized='table') }}\n"
               "select order_id, customer_id, amount, cast('2026-01-0' || cast(order_id as varchar) as date) as order_date\n"
               "from {{ ref('bronze_orders') }}\n");
    std::string schema = read_file(dir / "models" / "schema.yml");
    schema.replace(schema.find("  - name: silver_customer_totals\n"), 33,
                   "  - name: silver_customer_totals\n    meta:\n      floe: {semantic: true}\n");
    schema += R"(  - name: gold_orders
    description: Orders with their day.
    columns:
      - name: order_id
        data_type: integer
        data_tests: [unique, not_null]
      - name: customer_id
        data_type: integer
        data_tests:
          - relationships: {arguments: {to: ref('silver_customer_totals'), field: customer_id}}
      - name: amount
        data_type: decimal(10,2)
        description: What the order cost.
      - name: order_date
        data_type: date
)";
    write_file(dir / "models" / "schema.yml", schema);
  }
  std::string file() const { return (dir / "floe.yaml").string(); }
};

ProcessResult floe_run(const SemanticProduct& p) {
  REQUIRE(fs::exists(kVenv + "/bin/dbt"));  // scripts/bootstrap makes it; without it these tests cannot pass
  return run_floe({"run", p.file(), "--json"},
                  {{"PATH", kVenv + "/bin:/usr/local/bin:/usr/bin:/bin"}, {"VIRTUAL_ENV", ""}});
}

// A YAML file as JSON, read by PyYAML (the venv's): what any consumer sees.
json::value yaml_file(const fs::path& file) {
  auto r = run_process(kVenv + "/bin/python",
                       {"-c", "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))", file.string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return json::parse(r.out);
}

}  // namespace

TEST_CASE("the dbt semantic layer's models, metrics and time spine pass real dbt parse", "[run][semantic]") {
  SemanticProduct p("dbt");
  auto run = floe_run(p);
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  fs::path out = p.dir / "target" / "semantic";
  REQUIRE(fs::exists(out / "floe_semantic_models.yml"));
  REQUIRE(fs::exists(out / "floe_time_spine.sql"));
  CHECK(run.out.find("silver_customer_totals: no date or timestamp column") != std::string::npos);

  // In the project, dbt parse builds its semantic manifest from them.
  fs::copy_file(out / "floe_semantic_models.yml", p.dir / "models" / "floe_semantic_models.yml");
  fs::copy_file(out / "floe_time_spine.sql", p.dir / "models" / "floe_time_spine.sql");
  auto parse = run_process(kVenv + "/bin/dbt", {"parse", "--project-dir", p.dir.string(), "--profiles-dir",
                                                 (p.dir / "target" / "profiles").string(), "--target", "floe"});
  INFO(parse.out << parse.err);
  REQUIRE(parse.exit_code == 0);
  json::value semantic = json::parse(read_file(p.dir / "target" / "semantic_manifest.json"));
  std::vector<std::string> models, metrics;
  for (const auto& m : semantic.at("semantic_models").as_array()) models.emplace_back(m.at("name").as_string());
  for (const auto& m : semantic.at("metrics").as_array()) metrics.emplace_back(m.at("name").as_string());
  std::sort(models.begin(), models.end());
  std::sort(metrics.begin(), metrics.end());
  CHECK(models == std::vector<std::string>{"gold_orders", "silver_customer_totals"});
  CHECK(metrics == std::vector<std::string>{"gold_orders_amount", "gold_orders_count"});
}

TEST_CASE("the cube semantic layer writes a cube per model with dimensions, measures and joins", "[run][semantic]") {
  SemanticProduct p("cube");
  auto run = floe_run(p);
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  json::value orders = yaml_file(p.dir / "target" / "semantic" / "gold_orders.yml");
  const json::value& cube = orders.at("cubes").at(0);
  CHECK(cube.at("name") == "gold_orders");
  CHECK(cube.at("sql_table") == "main.gold_orders");
  std::map<std::string, std::string> dimensions;
  for (const auto& d : cube.at("dimensions").as_array())
    dimensions[std::string(d.at("name").as_string())] = std::string(d.at("type").as_string());
  CHECK(dimensions ==
        std::map<std::string, std::string>{{"order_id", "number"}, {"customer_id", "number"}, {"order_date", "time"}});
  CHECK(cube.at("dimensions").at(0).at("primary_key") == true);
  std::vector<std::string> measures;
  for (const auto& m : cube.at("measures").as_array()) measures.emplace_back(m.at("name").as_string());
  CHECK(measures == std::vector<std::string>{"count", "amount_sum"});
  REQUIRE(cube.at("joins").as_array().size() == 1);
  CHECK(cube.at("joins").at(0).at("name") == "silver_customer_totals");
  CHECK(cube.at("joins").at(0).at("sql") == "{CUBE}.customer_id = {silver_customer_totals}.customer_id");
  CHECK(fs::exists(p.dir / "target" / "semantic" / "silver_customer_totals.yml"));
}
