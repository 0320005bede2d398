// FLOE-E210 / E211: test coverage per model, column and model modes.
#include <catch2/catch.hpp>

#include "project_builder.hpp"

using namespace floe;
using namespace floe::test;

namespace {

GovernancePolicy coverage_policy(double minimum, std::map<std::string, double> layers = {}) {
  GovernancePolicy p = quiet_policy();
  p.gates.minimum_test_coverage = minimum;
  p.gates.layer_thresholds = std::move(layers);
  return p;
}

Model five_columns(const std::string& name) {
  Model m(name);
  m.yml("models/schema.yml", 14).column("order_id").column("customer_id").column("amount").column("status").column("placed_at");
  return m;
}

}  // namespace

TEST_CASE("column coverage below a layer threshold is E211 with the untested columns") {
  auto m = five_columns("silver_orders").test("not_null", "order_id").test("unique", "order_id").test("not_null", "amount");
  auto r = enforce_policies(project({m}), coverage_policy(50, {{"silver", 80}}), kToday);
  REQUIRE(r.findings.items().size() == 1);
  const Diagnostic& d = r.findings.items()[0];
  CHECK(d.severity == Severity::error);
  CHECK(d.code == "FLOE-E211");
  CHECK(d.category == "coverage");
  CHECK(d.subject == "silver_orders");
  CHECK(d.message == "'silver_orders' (silver layer) has 40.0% test coverage, below the required 80%");
  CHECK(d.expected == "at least 80% of documented columns tested (layer_thresholds.silver)");
  CHECK(d.actual == "40.0% (2/5 columns tested)");
  CHECK(d.hint == "add tests to: customer_id, status, placed_at");
  CHECK(loc_text(d.where) == "models/schema.yml:14:5");
}

TEST_CASE("without a layer threshold the minimum applies as E210") {
  auto m = five_columns("orders").test("not_null", "order_id");
  auto r = enforce_policies(project({m}), coverage_policy(50, {{"silver", 80}}), kToday);
  REQUIRE(r.findings.items().size() == 1);
  const Diagnostic& d = r.findings.items()[0];
  CHECK(d.code == "FLOE-E210");
  CHECK(d.message == "'orders' has 20.0% test coverage, below the required 50%");
  CHECK(d.expected == "at least 50% of documented columns tested (minimum_test_coverage)");
  CHECK(d.actual == "20.0% (1/5 columns tested)");
  CHECK(d.hint == "add tests to: customer_id, amount, status, placed_at");
}

TEST_CASE("coverage exactly at the threshold passes, column names compare case-insensitively") {
  auto m = five_columns("gold_orders")
               .test("not_null", "ORDER_ID").test("not_null", "Customer_Id").test("unique", "amount").test("x", "status");
  auto r = enforce_policies(project({m}), coverage_policy(80), kToday);
  CHECK(r.findings.empty());
}

TEST_CASE("more than five untested columns: five are named and the rest counted") {
  Model m("bronze_wide");
  for (int i = 1; i <= 8; ++i) m.column("c" + std::to_string(i));
  m.test("not_null", "c1");
  auto r = enforce_policies(project({m}), coverage_policy(100), kToday);
  REQUIRE(r.findings.items().size() == 1);
  CHECK(r.findings.items()[0].hint == "add tests to: c2, c3, c4, c5, c6 (and 2 more)");
  CHECK(r.findings.items()[0].actual == "12.5% (1/8 columns tested)");
  CHECK(loc_text(r.findings.items()[0].where) == "models/bronze_wide.sql:1:1");  // no yml entry: the .sql
}

TEST_CASE("a model without documented columns is uncovered only when it has no tests at all") {
  auto r = enforce_policies(project({Model("gold_kpis"), Model("gold_tested").test("dbt_utils.expression_is_true")}),
                            coverage_policy(0, {{"gold", 100}}), kToday);
  REQUIRE(r.findings.items().size() == 1);
  const Diagnostic& d = r.findings.items()[0];
  CHECK(d.code == "FLOE-E211");
  CHECK(d.subject == "gold_kpis");
  CHECK(d.message == "'gold_kpis' (gold layer) has no documented columns and no tests, below the required 100% test coverage");
  CHECK(d.actual == "0 documented columns, 0 tests");
  CHECK(d.hint == "document its columns in a schema .yml and add tests to them");
}

TEST_CASE("a zero threshold checks nothing") {
  auto r = enforce_policies(project({Model("x").column("a")}), coverage_policy(0), kToday);
  CHECK(r.findings.empty());
}

TEST_CASE("model coverage mode: a model is covered by any test") {
  GovernancePolicy p = coverage_policy(100);
  p.gates.coverage_mode = "model";
  auto r = enforce_policies(project({five_columns("silver_a").test("unique", "order_id"), five_columns("silver_b")}), p,
                            kToday);
  REQUIRE(r.findings.items().size() == 1);
  const Diagnostic& d = r.findings.items()[0];
  CHECK(d.code == "FLOE-E210");
  CHECK(d.subject == "silver_b");
  CHECK(d.message == "'silver_b' (silver layer) has no tests, below the required 100% test coverage");
  CHECK(d.expected == "at least one test on the model or a column (minimum_test_coverage 100%, coverage_mode model)");
  CHECK(d.actual == "0 tests");
}

TEST_CASE("thresholds print as typed") {
  auto m = five_columns("orders").test("not_null", "order_id");
  auto r = enforce_policies(project({m}), coverage_policy(33.3), kToday);
  REQUIRE(r.findings.items().size() == 1);
  CHECK(r.findings.items()[0].message == "'orders' has 20.0% test coverage, below the required 33.3%");
}
