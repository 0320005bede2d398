// Remembered port checks (contract/port_verdicts.hpp): an outcome is reused
// only while the contract, the port, the policy and what the checks read of
// the models are the same, and findings only while the places they point at
// have not moved.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "contract/port_verdicts.hpp"
#include "diag/codes.hpp"
#include "shop_project.hpp"
#include "temp_dir.hpp"

namespace {

using floe::test::shop_project;

const std::string kContract = R"(apiVersion: v3.1.0
kind: DataContract
id: c
version: 1.0.0
status: active
schema:
  - name: customers
    physicalName: gold_customers
    properties:
      - {name: customer_id, logicalType: integer, required: true, primaryKey: true}
      - {name: email, logicalType: string}
)";

floe::PortContract contract_port(const std::string& text) {
  floe::PortContract pc;
  pc.port = "customers";
  pc.table = "gold_customers";
  pc.file = "contracts/customers.odcs.yaml";
  pc.port_where = {"floe.yaml", 20, 12};
  floe::Diagnostics d;
  REQUIRE(floe::load_contract_text(text, pc.file, pc.contract, d));
  REQUIRE(d.empty());
  return pc;
}

floe::ContractPolicy contract_policy(bool pii) {
  floe::ContractPolicy p;
  p.level = floe::EnforcementLevel::strict;
  if (pii) {
    p.classification.push_back({"*email*", "pii", {"manifest.yaml", 30, 9}});
    p.pii_encryption_required = true;
    p.pii_where = {"manifest.yaml", 12, 3};
  }
  return p;
}

// Points XDG_CACHE_HOME at a fresh directory for the test, and back after.
struct ScratchCache {
  floe::test::TempDir dir;
  std::string previous;
  bool had = false;
  ScratchCache() {
    if (const char* v = std::getenv("XDG_CACHE_HOME")) {
      had = true;
      previous = v;
    }
    ::setenv("XDG_CACHE_HOME", dir.str().c_str(), 1);
  }
  ~ScratchCache() {
    if (had) ::setenv("XDG_CACHE_HOME", previous.c_str(), 1);
    else ::unsetenv("XDG_CACHE_HOME");
  }
  std::filesystem::path ports() const { return dir.path() / "floe" / "contracts" / "ports"; }
};

std::string shown(const floe::Diagnostics& d) {
  std::string out;
  for (const auto& x : d.items()) {
    out += floe::format_diagnostic(x) + "\n";
    for (const auto& r : x.related) out += fmt::format("  related {}:{}:{} {}\n", r.where.file, r.where.line, r.where.column, r.what);
  }
  return out;
}

}  // namespace

TEST_CASE("port verdicts: a clean check and one with findings are recalled as they were", "[contract][verdicts]") {
  ScratchCache cache;
  const auto p = shop_project();
  for (bool pii : {false, true}) {
    INFO(pii);
    const auto pc = contract_port(kContract);
    const auto pol = contract_policy(pii);
    const std::string key = floe::port_verdict_key(kContract, pc, p, "shop", pol);
    REQUIRE_FALSE(key.empty());
    CHECK_FALSE(floe::remembered_port_check(key, p, {}));
    const auto checked = floe::check_port_contract(pc, p, {}, pol);
    CHECK(checked.findings.empty() == !pii);
    floe::remember_port_check(key, pc, checked, p, {});
    const auto recalled = floe::remembered_port_check(key, p, {});
    REQUIRE(recalled);
    CHECK(recalled->properties == checked.properties);
    CHECK(recalled->passed == checked.passed);
    CHECK(shown(recalled->findings) == shown(checked.findings));
    if (pii) CHECK(recalled->findings.items().at(0).related.size() == 2);
  }
  CHECK(std::distance(std::filesystem::directory_iterator(cache.ports()), std::filesystem::directory_iterator{}) == 2);
}

TEST_CASE("port verdicts: another contract, port or policy is another key", "[contract][verdicts]") {
  ScratchCache cache;
  const auto p = shop_project();
  const auto pc = contract_port(kContract);
  const std::string key = floe::port_verdict_key(kContract, pc, p, "shop", contract_policy(false));
  CHECK(floe::port_verdict_key(kContract + "# a comment\n", pc, p, "shop", contract_policy(false)) != key);
  CHECK(floe::port_verdict_key(kContract, pc, p, "other", contract_policy(false)) != key);
  CHECK(floe::port_verdict_key(kContract, pc, p, "shop", contract_policy(true)) != key);
  auto moved = pc;
  moved.port_where.line = 21;  // findings point at the port in floe.yaml
  CHECK(floe::port_verdict_key(kContract, moved, p, "shop", contract_policy(false)) != key);
  auto warn = contract_policy(true);
  warn.level = floe::EnforcementLevel::warn;
  CHECK(floe::port_verdict_key(kContract, pc, p, "shop", warn) != floe::port_verdict_key(kContract, pc, p, "shop", contract_policy(true)));
  auto rule_moved = contract_policy(true);
  rule_moved.classification[0].where.line = 31;
  CHECK(floe::port_verdict_key(kContract, pc, p, "shop", rule_moved) != floe::port_verdict_key(kContract, pc, p, "shop", contract_policy(true)));
}

TEST_CASE("port verdicts: a changed model is checked again, moved lines only matter to findings", "[contract][verdicts]") {
  ScratchCache cache;
  const auto p = shop_project();
  const auto pc = contract_port(kContract);
  for (bool pii : {false, true}) {
    INFO(pii);
    const auto pol = contract_policy(pii);
    const std::string key = floe::port_verdict_key(kContract, pc, p, "shop", pol);
    floe::remember_port_check(key, pc, floe::check_port_contract(pc, p, {}, pol), p, {});
    REQUIRE(floe::remembered_port_check(key, p, {}));

    auto untested = p;  // not_null dropped from the primary key: a K104/K105 now
    untested.models[0].tests.pop_back();
    CHECK_FALSE(floe::remembered_port_check(key, untested, {}));
    auto retyped = p;
    retyped.models[0].columns[0].data_type = "varchar";
    CHECK_FALSE(floe::remembered_port_check(key, retyped, {}));
    floe::CatalogTypes catalog{{"gold_customers", {{"customer_id", "INTEGER"}}}};
    CHECK_FALSE(floe::remembered_port_check(key, p, catalog));
    auto gone = p;
    gone.models.clear();
    CHECK_FALSE(floe::remembered_port_check(key, gone, {}));

    auto shifted = p;  // a line added above the model in its YAML
    shifted.models[0].yml_where.line += 1;
    for (auto& c : shifted.models[0].columns) c.line += 1;
    CHECK(floe::remembered_port_check(key, shifted, {}).has_value() == !pii);
  }
}

TEST_CASE("port verdicts: a missing model, a corrupt file and FLOE_CONTRACT_CACHE=off are never reused", "[contract][verdicts]") {
  ScratchCache cache;
  const auto p = shop_project();
  std::string missing = kContract;
  missing.replace(missing.find("physicalName: gold_customers"), 28, "physicalName: gold_customer");
  const auto pc = contract_port(missing);
  const std::string key = floe::port_verdict_key(missing, pc, p, "shop", contract_policy(false));
  const auto checked = floe::check_port_contract(pc, p, {}, contract_policy(false));
  REQUIRE(checked.findings.items().at(0).code == floe::codes::K101);
  floe::remember_port_check(key, pc, checked, p, {});
  CHECK_FALSE(floe::remembered_port_check(key, p, {}));

  const auto good = contract_port(kContract);
  const std::string good_key = floe::port_verdict_key(kContract, good, p, "shop", contract_policy(false));
  floe::remember_port_check(good_key, good, floe::check_port_contract(good, p, {}, contract_policy(false)), p, {});
  REQUIRE(floe::remembered_port_check(good_key, p, {}));
  for (const char* corrupt : {"", "floe-port-check 1\nproperties x\n", "floe-port-check 1\nproperties 2\n",
                              "floe-port-check 1\nproperties 2\nmodel gold_customers 00 00\n",
                              "floe-port-check 9\nproperties 2\n", "floe-port-check 1\nwhat 2\n"}) {
    std::ofstream(cache.ports() / good_key) << corrupt;
    INFO(corrupt);
    CHECK_FALSE(floe::remembered_port_check(good_key, p, {}));
  }

  ::setenv("FLOE_CONTRACT_CACHE", "off", 1);
  CHECK(floe::port_verdict_key(kContract, good, p, "shop", contract_policy(false)).empty());
  ::unsetenv("FLOE_CONTRACT_CACHE");
}
