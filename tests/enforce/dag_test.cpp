// FLOE-E301 / E302 / E303: the ref() and source() graph.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "enforce/enforce_detail.hpp"
#include "project_builder.hpp"

using namespace floe;
using namespace floe::test;

TEST_CASE("E301: a ref to a missing model, at the ref() call, with did-you-mean") {
  auto r = enforce_policies(project({Model("bronze_orders"), Model("silver_orders").ref("bronze_ordrs", 3)}),
                            quiet_policy(), kToday);
  REQUIRE(r.findings.items().size() == 1);
  const Diagnostic& d = r.findings.items()[0];
  CHECK(d.severity == Severity::error);
  CHECK(d.code == "FLOE-E301");
  CHECK(d.category == "dag");
  CHECK(d.subject == "silver_orders");
  CHECK(d.message == "'silver_orders' references model 'bronze_ordrs', which does not exist in the project");
  CHECK(d.expected == "ref() to a model, seed or snapshot of this project");
  CHECK(d.actual == "ref('bronze_ordrs')");
  CHECK(d.hint == "did you mean 'bronze_orders'?");
  CHECK(loc_text(d.where) == "models/silver_orders.sql:3:8");
  CHECK_FALSE(r.passed);
}

TEST_CASE("E301 without a plausible match, and without a call location") {
  auto r = enforce_policies(project({Model("a_model").ref("zzz_totally_else")}), quiet_policy(), kToday);
  REQUIRE(r.findings.items().size() == 1);
  CHECK(r.findings.items()[0].hint == "create the model 'zzz_totally_else' or fix the ref() name");
  CHECK(loc_text(r.findings.items()[0].where) == "models/a_model.sql:1:1");
}

TEST_CASE("E303: undeclared sources, with the fix that fits") {
  std::vector<dbt::DbtSource> sources{{"raw", "orders", at("models/sources.yml", 4, 9)}};
  auto r = enforce_policies(project({Model("bronze_orders")
                                         .source("raw", "orders", 1)
                                         .source("raw", "orderz", 2)
                                         .source("raw", "customers_full_table", 3)
                                         .source("stripe", "charges", 4)},
                                    sources),
                            quiet_policy(), kToday);
  auto found = with_code(r, "FLOE-E303");
  REQUIRE(found.size() == 3);
  // Sorted by message: 'raw.customers_full_table', 'raw.orderz', 'stripe.charges'.
  CHECK(found[0].hint == "add 'customers_full_table' to the tables of source 'raw'");
  CHECK(found[1].message == "'bronze_orders' reads source 'raw.orderz', which is not declared in any sources .yml");
  CHECK(found[1].expected == "a table declared under sources: in a .yml of the project");
  CHECK(found[1].actual == "source('raw', 'orderz')");
  CHECK(found[1].hint == "did you mean 'raw.orders'?");
  CHECK(loc_text(found[1].where) == "models/bronze_orders.sql:2:6");
  CHECK(found[2].hint == "declare it: sources: [{name: stripe, tables: [{name: charges}]}]");
}

TEST_CASE("E302: a cycle is named in full, from its smallest model, at the ref that starts it") {
  auto r = enforce_policies(
      project({Model("c_x").ref("a_x", 2), Model("a_x").ref("b_x", 4), Model("b_x").ref("c_x", 5)}), quiet_policy(),
      kToday);
  REQUIRE(r.findings.items().size() == 1);
  const Diagnostic& d = r.findings.items()[0];
  CHECK(d.severity == Severity::error);
  CHECK(d.code == "FLOE-E302");
  CHECK(d.subject == "a_x");
  CHECK(d.message == "ref() cycle: a_x -> b_x -> c_x -> a_x");
  CHECK(d.expected == "an acyclic ref() graph (dbt cannot run a cycle)");
  CHECK(d.actual == "a cycle of 3 models");
  CHECK(d.hint == "break the cycle by removing one of its refs, e.g. ref('b_x') in 'a_x'");
  CHECK(loc_text(d.where) == "models/a_x.sql:4:8");
}

TEST_CASE("E302: self-reference, tangled groups and separate cycles are each reported once") {
  auto self = enforce_policies(project({Model("m").ref("m", 2)}), quiet_policy(), kToday);
  REQUIRE(self.findings.items().size() == 1);
  CHECK(self.findings.items()[0].message == "ref() cycle: m -> m");
  CHECK(self.findings.items()[0].actual == "a cycle of 1 model");
  CHECK(self.findings.items()[0].hint == "remove ref('m') from 'm' itself");

  // a<->b and b<->c form one group of three: one finding, the shortest cycle through a.
  auto tangled = enforce_policies(
      project({Model("a").ref("b"), Model("b").ref("a").ref("c"), Model("c").ref("b")}), quiet_policy(), kToday);
  REQUIRE(tangled.findings.items().size() == 1);
  CHECK(tangled.findings.items()[0].message == "ref() cycle: a -> b -> a");
  CHECK(tangled.findings.items()[0].actual == "3 models depend on each other; this is the shortest cycle through 'a'");

  auto two = enforce_policies(
      project({Model("p").ref("q"), Model("q").ref("p"), Model("x").ref("y"), Model("y").ref("x"), Model("z").ref("p")}),
      quiet_policy(), kToday);
  REQUIRE(two.findings.items().size() == 2);
  CHECK(two.findings.items()[0].message == "ref() cycle: p -> q -> p");
  CHECK(two.findings.items()[1].message == "ref() cycle: x -> y -> x");
}

TEST_CASE("E302: a 50,000-model chain is walked without recursion") {
  constexpr int kN = 50000;
  std::vector<dbt::DbtModel> models;
  models.reserve(kN);
  for (int i = 0; i < kN; ++i) {
    Model m(fmt::format("m{:05}", i));
    if (i + 1 < kN) m.ref(fmt::format("m{:05}", i + 1));
    models.push_back(m);
  }
  dbt::DbtProject chain = project(models);
  CHECK(enforce_policies(chain, quiet_policy(), kToday).findings.empty());

  chain.models.back().refs.push_back("m00000");  // close the ring
  chain.models.back().ref_locations.push_back({});
  auto r = enforce_policies(chain, quiet_policy(), kToday);
  REQUIRE(r.findings.items().size() == 1);
  const Diagnostic& d = r.findings.items()[0];
  CHECK(d.code == "FLOE-E302");
  CHECK(d.actual == "a cycle of 50000 models");
  CHECK(d.message.rfind("ref() cycle: m00000 -> m00001 -> m00002", 0) == 0);
  CHECK(d.message.find("-> m00049 -> ... (49941 more) -> m49991 ->") != std::string::npos);
  CHECK(d.message.size() - d.message.rfind("m49999 -> m00000") == std::string("m49999 -> m00000").size());
}

TEST_CASE("find_cycles: linear graph has none, order of input does not matter") {
  CHECK(enforce::find_cycles({{1}, {2}, {}}).empty());
  std::vector<std::size_t> sizes;
  auto cycles = enforce::find_cycles({{1}, {0}, {3}, {2, 3}}, &sizes);
  REQUIRE(cycles.size() == 2);
  CHECK(cycles[0] == std::vector<std::size_t>{0, 1, 0});
  CHECK(cycles[1] == std::vector<std::size_t>{2, 3, 2});
  CHECK(sizes == std::vector<std::size_t>{2, 2});
}

TEST_CASE("ref() to a seed or snapshot is not a missing model", "[dag]") {
  floe::dbt::DbtProject p;
  p.name = "shop";
  floe::dbt::DbtModel m;
  m.name = "bronze_orders";
  m.unique_id = "model.shop.bronze_orders";
  m.refs = {"raw_orders", "orders_snapshot", "raw_ordrs"};
  m.ref_locations.assign(3, floe::SourceLocation{"models/bronze_orders.sql", 3, 12});
  p.models.push_back(m);
  p.seeds = {"orders_snapshot", "raw_orders"};
  floe::GovernancePolicy policy;
  policy.level = floe::EnforcementLevel::strict;
  auto r = floe::enforce_policies(p, policy, "2026-01-01");
  std::size_t missing = 0;
  for (const auto& d : r.findings.items())
    if (d.code == "FLOE-E301") {
      ++missing;
      CHECK(d.actual == "ref('raw_ordrs')");
    }
  CHECK(missing == 1);
}

TEST_CASE("E301 and E302 stay errors and block under policy_enforcement_level warn, whatever block_on_failure says") {
  GovernancePolicy policy = quiet_policy();
  policy.level = EnforcementLevel::warn;
  policy.level_set = true;
  policy.gates.block_on_failure = false;
  auto missing = enforce_policies(project({Model("a_model").ref("zzz_totally_else")}), policy, kToday);
  REQUIRE(missing.findings.items().size() == 1);
  CHECK(missing.findings.items()[0].severity == Severity::error);
  CHECK_FALSE(missing.passed);
  auto cycle = enforce_policies(project({Model("a").ref("b"), Model("b").ref("a")}), policy, kToday);
  REQUIRE(!cycle.findings.items().empty());
  CHECK(cycle.findings.items()[0].code == "FLOE-E302");
  CHECK(cycle.findings.items()[0].severity == Severity::error);
  CHECK_FALSE(cycle.passed);
}
