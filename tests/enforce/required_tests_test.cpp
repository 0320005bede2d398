// FLOE-E212: test types a layer requires.
#include <catch2/catch.hpp>

#include "project_builder.hpp"

using namespace floe;
using namespace floe::test;

namespace {

GovernancePolicy required_policy() {
  GovernancePolicy p = quiet_policy();
  p.gates.required_tests = {{"silver", {"not_null", "unique"}}, {"gold", {"unique"}}};
  return p;
}

}  // namespace

TEST_CASE("a layer model missing required test types is E212 naming them") {
  auto r = enforce_policies(project({Model("silver_orders").yml("models/silver.yml", 3).test("not_null", "id")}),
                            required_policy(), kToday);
  REQUIRE(r.findings.items().size() == 1);
  const Diagnostic& d = r.findings.items()[0];
  CHECK(d.severity == Severity::error);
  CHECK(d.code == "FLOE-E212");
  CHECK(d.category == "tests");
  CHECK(d.message == "'silver_orders' (silver layer) is missing required test unique");
  CHECK(d.expected == "not_null and unique tests on every silver model (required_tests.silver)");
  CHECK(d.actual == "tests present: not_null");
  CHECK(d.hint == "add a unique test to a column or to the model in its schema .yml");
  CHECK(loc_text(d.where) == "models/silver.yml:3:5");
}

TEST_CASE("E212 with no tests lists every missing type") {
  auto r = enforce_policies(project({Model("silver_orders")}), required_policy(), kToday);
  REQUIRE(r.findings.items().size() == 1);
  const Diagnostic& d = r.findings.items()[0];
  CHECK(d.message == "'silver_orders' (silver layer) is missing required tests not_null and unique");
  CHECK(d.actual == "no tests");
  CHECK(d.hint == "add not_null and unique tests to a column or to the model in its schema .yml");
}

TEST_CASE("model-level and package tests satisfy a requirement, other layers are not checked") {
  auto r = enforce_policies(project({Model("gold_a").test("dbt_utils.unique"),  // package test named unique
                                     Model("silver_b").test("unique").test("not_null", "x"),
                                     Model("bronze_c"), Model("stg_d")}),
                            required_policy(), kToday);
  CHECK(r.findings.empty());
}
