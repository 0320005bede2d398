// FLOE-E201: naming conventions, their severities and suggested renames.
#include <catch2/catch.hpp>

#include "enforce/enforce_detail.hpp"
#include "project_builder.hpp"

using namespace floe;
using namespace floe::test;

namespace {

GovernancePolicy naming_policy(const std::string& pattern, EnforcementLevel enforcement) {
  GovernancePolicy p = quiet_policy();
  p.naming.pattern = pattern;
  p.naming.enforcement = enforcement;
  return p;
}

// The single E201 finding for a one-model project.
Diagnostic naming_of(const dbt::DbtModel& m, const std::string& pattern = "medallion") {
  auto r = enforce_policies(project({m}), naming_policy(pattern, EnforcementLevel::strict), kToday);
  auto found = with_code(r, "FLOE-E201");
  REQUIRE(found.size() == 1);
  return found[0];
}

}  // namespace

TEST_CASE("medallion: a staging prefix is an error under strict naming, with a rename") {
  auto r = enforce_policies(project({Model("stg_payments"), Model("bronze_customers")}),
                            naming_policy("medallion", EnforcementLevel::strict), kToday);
  REQUIRE(r.findings.items().size() == 1);
  const Diagnostic& d = r.findings.items()[0];
  CHECK(d.severity == Severity::error);
  CHECK(d.code == "FLOE-E201");
  CHECK(d.category == "naming");
  CHECK(d.subject == "stg_payments");
  CHECK(d.message == "'stg_payments' violates naming convention");
  CHECK(d.expected == "bronze_*, silver_*, or gold_* prefix");
  CHECK(d.actual == "prefix 'stg_'");
  CHECK(d.hint == "rename to 'bronze_payments'");
  CHECK(loc_text(d.where) == "models/stg_payments.sql:1:1");
  CHECK_FALSE(r.passed);
}

TEST_CASE("medallion: naming enforcement warn gives warnings, off skips the rule") {
  auto warn = enforce_policies(project({Model("stg_payments")}), naming_policy("medallion", EnforcementLevel::warn),
                               kToday);
  REQUIRE(warn.findings.items().size() == 1);
  CHECK(warn.findings.items()[0].severity == Severity::warning);
  CHECK(warn.passed);

  auto off = enforce_policies(project({Model("stg_payments")}), naming_policy("medallion", EnforcementLevel::off),
                              kToday);
  CHECK(off.findings.empty());
}

TEST_CASE("medallion: conforming names pass") {
  auto r = enforce_policies(project({Model("bronze_orders"), Model("silver_x1"), Model("gold_a_b__c")}),
                            naming_policy("medallion", EnforcementLevel::strict), kToday);
  CHECK(r.findings.empty());
}

TEST_CASE("medallion: dbt layer prefixes map to medallion layers") {
  CHECK(naming_of(Model("int_orders")).hint == "rename to 'silver_orders'");
  CHECK(naming_of(Model("fct_sales")).hint == "rename to 'gold_sales'");
  CHECK(naming_of(Model("rpt_revenue")).hint == "rename to 'gold_revenue'");
  CHECK(naming_of(Model("raw_events")).hint == "rename to 'bronze_events'");
}

TEST_CASE("medallion: a right prefix with a malformed rest says what is wrong after it") {
  Diagnostic upper = naming_of(Model("gold_Orders"));
  CHECK(upper.expected == "a lowercase letter after 'gold_', then lowercase letters, digits or underscores");
  CHECK(upper.actual == "'Orders' after 'gold_'");
  CHECK(upper.hint == "rename to 'gold_orders'");

  CHECK(naming_of(Model("gold_2024_sales")).hint == "rename to 'gold_sales_2024'");
  CHECK(naming_of(Model("silver__x")).hint == "rename to 'silver_x'");
  CHECK(naming_of(Model("gold_")).hint == "add a lowercase name after 'gold_', e.g. 'gold_orders'");
}

TEST_CASE("medallion: an unmapped name gets its layer from its directory, else its materialization") {
  Diagnostic by_dir = naming_of(Model("customers", "models/marts"));
  CHECK(by_dir.actual == "no prefix");
  CHECK(by_dir.hint == "rename to 'gold_customers' (it lives in marts/; use the prefix of its actual layer)");

  Diagnostic by_mat = naming_of(Model("orders_daily").materialized("incremental"));
  CHECK(by_mat.actual == "prefix 'orders_'");
  CHECK(by_mat.hint ==
        "rename to 'gold_orders_daily' (it is materialized as incremental; use the prefix of its actual layer)");

  CHECK(naming_of(Model("orders")).hint ==
        "rename with the prefix of its layer: 'bronze_orders', 'silver_orders' or 'gold_orders'");
}

TEST_CASE("kimball: allowed prefixes, mapped spellings and staging models") {
  Diagnostic fct = naming_of(Model("fct_sales"), "kimball");
  CHECK(fct.expected == "dim_*, fact_*, bridge_*, or agg_* prefix");
  CHECK(fct.hint == "rename to 'fact_sales'");
  CHECK(naming_of(Model("stg_payments"), "kimball").hint ==
        "Kimball names dimensions, facts, bridges and aggregates only: rename to 'dim_payments' or 'fact_payments' by "
        "its grain, or exclude it with a policy override");
  auto ok = enforce_policies(project({Model("dim_customer"), Model("fact_sales"), Model("agg_daily"), Model("bridge_x")}),
                             naming_policy("kimball", EnforcementLevel::strict), kToday);
  CHECK(ok.findings.empty());
}

TEST_CASE("data_vault: hub/link/sat/pit/bridge") {
  Diagnostic h = naming_of(Model("h_customer"), "data_vault");
  CHECK(h.expected == "hub_*, link_*, sat_*, pit_*, or bridge_* prefix");
  CHECK(h.hint == "rename to 'hub_customer'");
  auto ok = enforce_policies(project({Model("hub_customer"), Model("sat_customer_details"), Model("pit_customer")}),
                             naming_policy("data_vault", EnforcementLevel::strict), kToday);
  CHECK(ok.findings.empty());
}

TEST_CASE("custom: any pattern matches from the start of the name, like the alpha's re.match") {
  GovernancePolicy p = naming_policy("custom", EnforcementLevel::strict);
  p.naming.custom_patterns = {"^raw_[a-z0-9_]+$", "mart_[a-z]+"};
  auto r = enforce_policies(project({Model("raw_orders"), Model("mart_sales"), Model("x_mart_sales")}), p, kToday);
  REQUIRE(r.findings.items().size() == 1);
  const Diagnostic& d = r.findings.items()[0];
  CHECK(d.subject == "x_mart_sales");
  CHECK(d.message == "'x_mart_sales' violates naming convention");
  CHECK(d.expected == "a name matching ^raw_[a-z0-9_]+$ or mart_[a-z]+");
  CHECK(d.actual == "'x_mart_sales'");
  CHECK(d.hint == "rename it to match one of data_architecture.naming.custom_patterns (set at manifest.yaml:12)");
}

TEST_CASE("custom: an invalid regex is reported once and the valid ones still apply") {
  GovernancePolicy p = naming_policy("custom", EnforcementLevel::strict);
  p.naming.custom_patterns = {"([a-z", "^ok_"};
  auto r = enforce_policies(project({Model("ok_a"), Model("bad")}), p, kToday);
  auto c206 = with_code(r, "FLOE-C206");
  REQUIRE(c206.size() == 1);
  CHECK(c206[0].message == "custom naming pattern '([a-z' is not a valid regular expression");
  CHECK(loc_text(c206[0].where) == "manifest.yaml:12:5");
  auto e201 = with_code(r, "FLOE-E201");
  REQUIRE(e201.size() == 1);
  CHECK(e201[0].subject == "bad");
}

// Regression (mutation runs): std::regex's executor recursed once per
// character, so a long model name against a pattern with a repeated group
// overflowed the stack. On RE2 it is a plain finding, or none.
TEST_CASE("custom: a 200k-character model name is matched in linear time, not a stack overflow") {
  GovernancePolicy p = naming_policy("custom", EnforcementLevel::strict);
  p.naming.custom_patterns = {"^(gold|silver)_([a-z]|[0-9]|_)*$", "^(a+)+$"};
  const std::string good = "gold_" + std::string(200000, 'x');
  const std::string bad = std::string(200000, 'a') + "!";  // the classic (a+)+ near-miss
  auto r = enforce_policies(project({Model(good), Model(bad)}), p, kToday);
  CHECK(with_code(r, "FLOE-C206").empty());
  auto e201 = with_code(r, "FLOE-E201");
  REQUIRE(e201.size() == 1);
  CHECK(e201[0].subject == bad);
}

TEST_CASE("custom: a pattern RE2 does not support is C206 with the construct named") {
  GovernancePolicy p = naming_policy("custom", EnforcementLevel::strict);
  p.naming.custom_patterns = {"^(?<=x)a", "^ok_"};
  auto r = enforce_policies(project({Model("ok_a")}), p, kToday);
  auto c206 = with_code(r, "FLOE-C206");
  REQUIRE(c206.size() == 1);
  CHECK(c206[0].actual.find("a lookbehind ((?<=...))") != std::string::npos);
  CHECK(with_code(r, "FLOE-E201").empty());
}

TEST_CASE("custom without patterns and unknown patterns are reported, not ignored") {
  auto none = enforce_policies(project({Model("a")}), naming_policy("custom", EnforcementLevel::strict), kToday);
  REQUIRE(none.findings.items().size() == 1);
  CHECK(none.findings.items()[0].code == "FLOE-C207");

  auto typo = enforce_policies(project({Model("a")}), naming_policy("medalion", EnforcementLevel::strict), kToday);
  REQUIRE(typo.findings.items().size() == 1);
  CHECK(typo.findings.items()[0].code == "FLOE-C104");
  CHECK(typo.findings.items()[0].message == "unknown naming pattern 'medalion', so model names are not checked");
  CHECK(typo.findings.items()[0].hint == "did you mean 'medallion'?");
}

TEST_CASE("layer_of: the prefix word the pattern knows") {
  CHECK(enforce::layer_of("silver_orders", "medallion") == "silver");
  CHECK(enforce::layer_of("stg_orders", "medallion").empty());
  CHECK(enforce::layer_of("orders", "medallion").empty());
  CHECK(enforce::layer_of("fact_sales", "kimball") == "fact");
  CHECK(enforce::layer_of("silver_orders", "kimball").empty());
  CHECK(enforce::layer_of("sat_x", "data_vault") == "sat");
  CHECK(enforce::layer_of("raw_x", "custom") == "raw");
}
