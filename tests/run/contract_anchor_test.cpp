// floe contract test against datacontract-cli's `datacontract test` (its
// duckdb extra, in .cache/datacontract-venv) on the same DuckDB tables the
// run built, with one contract both read: for every rule both support
// (rowCount, nullValues, duplicateValues, invalidValues, sql) the two must
// pass or fail together. docs/contracts.md#compared-with-datacontract-cli
// lists what differs.
#include <map>
#include <sstream>
#include <tuple>

#include "contract_product.hpp"
#include "run_process.hpp"

using namespace floe::test;

namespace {

// Two tables, rules that pass and rules that fail on the fixture's data
// (5 orders of 3 customers). One rowCount per table: datacontract-cli
// 1.2.8 fails every check of a table with two (a duplicate column name in
// its batch query).
std::string shared_contract(const fs::path& database) {
  return fmt::format(R"(apiVersion: v3.1.0
kind: DataContract
id: urn:test:shop:customer_totals
name: customer_totals
version: 1.0.0
status: active
servers:
  - server: local
    type: duckdb
    database: {}
    schema: main
schema:
  - name: silver_customer_totals
    physicalName: silver_customer_totals
    quality:
      - type: library
        metric: rowCount
        mustBeGreaterThan: 0
      - type: sql
        name: no negative revenue
        query: select count(*) from silver_customer_totals where total_amount < 0
        mustBe: 0
      - type: sql
        name: every total negative
        query: select count(*) from silver_customer_totals where total_amount >= 0
        mustBe: 0
    properties:
      - name: customer_id
        quality:
          - metric: nullValues
            mustBe: 0
          - metric: duplicateValues
            mustBe: 0
      - name: total_amount
        quality:
          - metric: nullValues
            mustBe: 0
      - name: order_count
        quality:
          - metric: invalidValues
            arguments:
              validValues: [1, 2]
            mustBe: 0
  - name: bronze_orders
    physicalName: bronze_orders
    quality:
      - type: library
        metric: rowCount
        mustBeGreaterThan: 1000
    properties:
      - name: customer_id
        quality:
          - metric: duplicateValues
            mustBe: 0
          - metric: invalidValues
            arguments:
              validValues: [10, 11]
            mustBe: 0
)",
                     database.string());
}

// (model, column, metric, n-th of that key) -> passed
using Key = std::tuple<std::string, std::string, std::string, int>;
using Outcomes = std::map<Key, bool>;

Key add(Outcomes& out, const std::string& model, const std::string& column, const std::string& metric, bool passed) {
  for (int n = 0;; ++n)
    if (out.emplace(std::make_tuple(model, column, metric, n), passed).second) return {model, column, metric, n};
}

}  // namespace

TEST_CASE("floe contract test and datacontract test agree on the same DuckDB tables", "[run][contract][anchor]") {
  std::string datacontract = std::string(FLOE_TEST_SOURCE_DIR) + "/.cache/datacontract-venv/bin/datacontract";
  REQUIRE(fs::exists(datacontract));  // scripts/install-datacontract-cli, run by scripts/bootstrap-test-tools
  ContractProduct p;
  // The contract names columns the fixture's schema.yml does not document:
  // document them, or floe's compile refuses the contract (FLOE-K102).
  fs::path schema = p.dir / "models" / "schema.yml";
  std::string yaml = read_file(schema);
  auto insert_after = [&](const std::string& marker, const std::string& text) {
    auto at = yaml.find(marker);
    REQUIRE(at != std::string::npos);
    yaml.insert(at + marker.size(), text);
  };
  insert_after("      - name: order_id\n        description: The order.\n        data_tests: [unique, not_null]\n",
               "      - name: customer_id\n        description: The customer.\n");
  insert_after("      - name: total_amount\n        description: Revenue of the customer.\n        data_tests: [not_null]\n",
               "      - name: order_count\n        description: Orders of the customer.\n");
  write_file(schema, yaml);
  auto run = floe_cmd("run", p);
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  fs::path database = p.dir / "warehouse" / "shop.duckdb";
  REQUIRE(fs::exists(database));
  p.set_contract(shared_contract(database));

  // floe: one contract_check event per rule.
  auto ours = floe_args({"contract", "test", p.file(), "--events"});
  INFO(ours.out << ours.err);
  CHECK(ours.exit_code == 11);  // rules of severity error failed
  Outcomes floe_outcomes;
  std::map<Key, double> floe_values;
  std::istringstream lines(ours.out);
  for (std::string line; std::getline(lines, line);) {
    json::value e = json::parse(line);
    if (e.at("type") != "contract_check") continue;
    std::string metric(e.at("metric").as_string());
    Key key = add(floe_outcomes, std::string(e.at("model").as_string()), std::string(e.at("column").as_string()),
                  metric.empty() ? "sql" : metric, e.at("success").as_bool());
    floe_values[key] = e.at("value").to_number<double>();
  }

  // datacontract-cli on the same file, its results as JSON.
  fs::path results = p.tmp.path() / "datacontract.json";
  auto theirs = run_process(datacontract, {"test", (p.dir / "contracts" / "customer_totals.odcs.yaml").string(), "--server",
                                           "local", "--output", results.string(), "--output-format", "json"});
  INFO(theirs.out << theirs.err);
  CHECK(theirs.exit_code != 0);  // it found the same failures
  json::value report = json::parse(read_file(results));
  const std::map<std::string, std::string> metric_of{{"row_count", "rowCount"},
                                                     {"field_null_values", "nullValues"},
                                                     {"field_duplicate_values", "duplicateValues"},
                                                     {"field_invalid_values", "invalidValues"},
                                                     {"model_quality_sql", "sql"}};
  Outcomes their_outcomes;
  int presence = 0, measured_compared = 0;
  for (const auto& c : report.at("checks").as_array()) {
    std::string type(c.at("type").as_string());
    if (type == "field_is_present") {  // floe checks columns at compile time, against the dbt model
      ++presence;
      continue;
    }
    auto m = metric_of.find(type);
    INFO("a datacontract check this test does not map: " << type);
    REQUIRE(m != metric_of.end());
    CHECK(c.at("result") != "error");
    Key key = add(their_outcomes, std::string(c.at("model").as_string()),
                  c.at("field").is_string() ? std::string(c.at("field").as_string()) : "", m->second, c.at("result") == "passed");
    // A failed check says what it measured: "Actual duplicate_count(customer_id) was 2, expected = 0".
    if (c.at("reason").is_string()) {
      std::string reason(c.at("reason").as_string());
      auto was = reason.find(" was ");
      if (was != std::string::npos) {
        ++measured_compared;
        INFO(reason);
        CHECK(floe_values.count(key) == 1);
        if (floe_values.count(key) == 1) CHECK(floe_values.at(key) == std::stod(reason.substr(was + 5)));
      }
    }
  }
  CHECK(measured_compared == 4);  // the four failures measure the same numbers in both
  CHECK(presence == 4);
  CHECK(floe_outcomes.size() == 10);
  CHECK(floe_outcomes == their_outcomes);
  // And what failed is what the data says.
  CHECK_FALSE(floe_outcomes.at({"bronze_orders", "", "rowCount", 0}));
  CHECK_FALSE(floe_outcomes.at({"bronze_orders", "customer_id", "duplicateValues", 0}));
  CHECK_FALSE(floe_outcomes.at({"bronze_orders", "customer_id", "invalidValues", 0}));
  CHECK_FALSE(floe_outcomes.at({"silver_customer_totals", "", "sql", 1}));
  CHECK(floe_outcomes.at({"silver_customer_totals", "order_count", "invalidValues", 0}));
}
