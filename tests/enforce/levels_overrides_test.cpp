// How the policy level, block_on_failure and policy overrides shape the
// findings of every rule.
#include <catch2/catch.hpp>

#include "project_builder.hpp"

using namespace floe;
using namespace floe::test;

namespace {

// One naming error, one coverage error and one DAG error on legacy_orders,
// one naming error on stg_payments.
dbt::DbtProject mixed_project() {
  return project({Model("legacy_orders").column("id").ref("missing_model", 3), Model("stg_payments").test("unique")});
}

GovernancePolicy mixed_policy(EnforcementLevel level) {
  GovernancePolicy p = quiet_policy();
  p.level = level;
  p.level_set = true;  // as if the manifest set governance.policy_enforcement_level
  p.naming.enforcement = EnforcementLevel::strict;
  p.gates.minimum_test_coverage = 50;
  return p;
}

PolicyOverride legacy_override(std::string action, std::string expires = "2027-03-31",
                               std::vector<std::string> types = {}) {
  PolicyOverride o;
  o.pattern = "legacy_*";
  o.action = std::move(action);
  o.reason = "migration ticket DATA-42";
  o.expires = std::move(expires);
  o.policy_types = std::move(types);
  o.where = at("manifest.yaml", 60, 7);
  return o;
}

std::vector<std::string> codes_and_severities(const EnforcementResult& r) {
  std::vector<std::string> out;
  for (const auto& d : r.findings.items()) out.push_back(d.subject + " " + d.code + " " + severity_name(d.severity));
  return out;
}

}  // namespace

TEST_CASE("strict: findings keep the rules' severities and errors fail the run") {
  auto r = enforce_policies(mixed_project(), mixed_policy(EnforcementLevel::strict), kToday);
  CHECK(codes_and_severities(r) == std::vector<std::string>{"legacy_orders FLOE-E210 error",
                                                            "legacy_orders FLOE-E301 error",
                                                            "legacy_orders FLOE-E201 error",
                                                            "stg_payments FLOE-E201 error"});
  CHECK_FALSE(r.passed);
  CHECK(r.summary.errors == 4);
  CHECK(r.summary.warnings == 0);
  CHECK(r.summary.models == 2);
  CHECK(r.summary.by_category == std::map<std::string, std::size_t>{{"coverage", 1}, {"custom", 0}, {"dag", 1},
                                                                     {"documentation", 0}, {"naming", 2}, {"tests", 0}});
}

TEST_CASE("warn: every error becomes a warning, except a DAG dbt refuses, which still fails the run") {
  auto r = enforce_policies(mixed_project(), mixed_policy(EnforcementLevel::warn), kToday);
  CHECK(codes_and_severities(r) == std::vector<std::string>{"legacy_orders FLOE-E210 warning",
                                                            "legacy_orders FLOE-E301 error",
                                                            "legacy_orders FLOE-E201 warning",
                                                            "stg_payments FLOE-E201 warning"});
  CHECK_FALSE(r.passed);
  CHECK(r.summary.errors == 1);
  CHECK(r.summary.warnings == 3);

  // Without the broken ref, the same findings are warnings and the run passes.
  auto sound = enforce_policies(project({Model("legacy_orders").column("id"), Model("stg_payments").test("unique")}),
                                mixed_policy(EnforcementLevel::warn), kToday);
  CHECK(sound.passed);
  CHECK(sound.summary.errors == 0);
  CHECK(sound.summary.warnings == 3);
}

TEST_CASE("naming strict on a platform that never set a level fails the run (ADR-0016)") {
  GovernancePolicy p = mixed_policy(EnforcementLevel::warn);
  p.level_set = false;  // the default level: it does not weaken naming's own strict switch
  auto r = enforce_policies(mixed_project(), p, kToday);
  CHECK(codes_and_severities(r) == std::vector<std::string>{"legacy_orders FLOE-E210 warning",
                                                            "legacy_orders FLOE-E301 error",
                                                            "legacy_orders FLOE-E201 error",
                                                            "stg_payments FLOE-E201 error"});
  CHECK_FALSE(r.passed);
}

TEST_CASE("a gate written with block_on_failure true blocks on a platform that never set a level (ADR-0016)") {
  // A model below minimum_test_coverage, nothing else wrong.
  dbt::DbtProject below_gate = project({Model("gold_orders").column("id")});
  GovernancePolicy p = quiet_policy();
  p.gates.minimum_test_coverage = 80;
  p.level = EnforcementLevel::warn;  // the default
  p.level_set = false;

  // block_on_failure only by default: the default level lowers the gate.
  auto defaulted = enforce_policies(below_gate, p, kToday);
  CHECK(codes_and_severities(defaulted) == std::vector<std::string>{"gold_orders FLOE-E210 warning"});
  CHECK(defaulted.passed);

  // Written by the platform: the gate holds.
  p.gates.block_on_failure_set = true;
  auto written = enforce_policies(below_gate, p, kToday);
  CHECK(codes_and_severities(written) == std::vector<std::string>{"gold_orders FLOE-E210 error"});
  CHECK_FALSE(written.passed);

  // A warn level the platform set itself lowers it again.
  p.level_set = true;
  auto lowered = enforce_policies(below_gate, p, kToday);
  CHECK(codes_and_severities(lowered) == std::vector<std::string>{"gold_orders FLOE-E210 warning"});
  CHECK(lowered.passed);
}

TEST_CASE("off: only DAG errors remain, because a broken DAG breaks dbt anyway") {
  auto r = enforce_policies(mixed_project(), mixed_policy(EnforcementLevel::off), kToday);
  CHECK(codes_and_severities(r) == std::vector<std::string>{"legacy_orders FLOE-E301 error"});
  CHECK_FALSE(r.passed);

  auto clean = enforce_policies(project({Model("stg_payments")}), mixed_policy(EnforcementLevel::off), kToday);
  CHECK(clean.findings.empty());
  CHECK(clean.passed);
}

TEST_CASE("block_on_failure false: errors are reported but do not fail the run, unless dbt would refuse the DAG") {
  GovernancePolicy p = mixed_policy(EnforcementLevel::strict);
  p.gates.block_on_failure = false;
  auto r = enforce_policies(mixed_project(), p, kToday);
  CHECK(r.summary.errors == 4);
  CHECK_FALSE(r.passed);  // the broken ref()
  auto sound = enforce_policies(project({Model("legacy_orders").column("id"), Model("stg_payments").test("unique")}), p,
                                kToday);
  CHECK(sound.summary.errors == 3);
  CHECK(sound.passed);
}

TEST_CASE("override downgrade: matching errors become warnings that say which override") {
  GovernancePolicy p = mixed_policy(EnforcementLevel::strict);
  p.overrides.push_back(legacy_override("downgrade"));
  auto r = enforce_policies(mixed_project(), p, kToday);
  CHECK(codes_and_severities(r) == std::vector<std::string>{"legacy_orders FLOE-E210 warning",
                                                            "legacy_orders FLOE-E301 warning",
                                                            "legacy_orders FLOE-E201 warning",
                                                            "stg_payments FLOE-E201 error"});
  for (std::size_t i = 0; i < 3; ++i)
    CHECK(r.findings.items()[i].override_applied == "legacy_* (migration ticket DATA-42)");
  CHECK(r.findings.items()[3].override_applied.empty());
  CHECK(r.summary.overrides_applied == 3);
  CHECK_FALSE(r.passed);  // stg_payments is not covered
}

TEST_CASE("override exclude drops the findings, policy_types limits what it covers") {
  GovernancePolicy p = mixed_policy(EnforcementLevel::strict);
  p.overrides.push_back(legacy_override("exclude", "", {"naming", "coverage"}));
  auto r = enforce_policies(mixed_project(), p, kToday);
  CHECK(codes_and_severities(r) ==
        std::vector<std::string>{"legacy_orders FLOE-E301 error", "stg_payments FLOE-E201 error"});
  CHECK(r.summary.overrides_applied == 2);
}

TEST_CASE("the first matching override decides") {
  GovernancePolicy p = mixed_policy(EnforcementLevel::strict);
  PolicyOverride dag_only = legacy_override("exclude", "", {"dag"});
  dag_only.pattern = "legacy_orders";
  p.overrides = {dag_only, legacy_override("downgrade")};
  auto r = enforce_policies(mixed_project(), p, kToday);
  CHECK(codes_and_severities(r) == std::vector<std::string>{"legacy_orders FLOE-E210 warning",
                                                            "legacy_orders FLOE-E201 warning",
                                                            "stg_payments FLOE-E201 error"});
}

TEST_CASE("an expired override no longer applies and says so once, at the override") {
  GovernancePolicy p = mixed_policy(EnforcementLevel::strict);
  p.overrides.push_back(legacy_override("downgrade", "2026-01-31"));
  auto r = enforce_policies(mixed_project(), p, kToday);
  REQUIRE(r.findings.items().size() == 5);
  CHECK(r.summary.errors == 4);
  CHECK(r.summary.overrides_applied == 0);
  const Diagnostic& note = r.findings.items().back();
  CHECK(note.severity == Severity::note);
  CHECK(note.code == "FLOE-E410");
  CHECK(note.category == "override");
  CHECK(note.message == "override 'legacy_*' expired on 2026-01-31; findings apply again");
  CHECK(note.actual == "3 findings it matches");
  CHECK(note.hint == "fix the findings, or extend 'expires' if the reason still holds (migration ticket DATA-42)");
  CHECK(loc_text(note.where) == "manifest.yaml:60:7");
}

TEST_CASE("expiry: the expiry day still applies, an expired override matching nothing is silent, a later one applies") {
  GovernancePolicy today = mixed_policy(EnforcementLevel::strict);
  today.overrides.push_back(legacy_override("exclude", kToday));
  CHECK(enforce_policies(mixed_project(), today, kToday).findings.items().size() == 1);

  GovernancePolicy unmatched = mixed_policy(EnforcementLevel::strict);
  unmatched.overrides.push_back(legacy_override("downgrade", "2020-01-01"));
  unmatched.overrides.back().pattern = "nothing_*";
  auto r = enforce_policies(mixed_project(), unmatched, kToday);
  CHECK(r.findings.items().size() == 4);

  GovernancePolicy chain = mixed_policy(EnforcementLevel::strict);
  chain.overrides = {legacy_override("downgrade", "2020-01-01"), legacy_override("exclude")};
  auto c = enforce_policies(mixed_project(), chain, kToday);
  CHECK(codes_and_severities(c) ==
        std::vector<std::string>{"stg_payments FLOE-E201 error", "legacy_* FLOE-E410 note"});
}

TEST_CASE("an override with an invalid date is not applied and is reported") {
  GovernancePolicy p = mixed_policy(EnforcementLevel::strict);
  p.overrides.push_back(legacy_override("exclude", "2026-13-01"));
  auto r = enforce_policies(mixed_project(), p, kToday);
  REQUIRE(r.findings.items().size() == 5);
  const Diagnostic& d = r.findings.items().back();
  CHECK(d.code == "FLOE-C209");
  CHECK(d.severity == Severity::warning);
  CHECK(d.message == "override 'legacy_*' has an invalid expires date '2026-13-01', so it is not applied");
}

TEST_CASE("overrides apply before the level: under warn the override is still visible, under off it reaches DAG errors") {
  GovernancePolicy warn = mixed_policy(EnforcementLevel::warn);
  warn.overrides.push_back(legacy_override("downgrade"));
  auto w = enforce_policies(mixed_project(), warn, kToday);
  CHECK(w.findings.items()[0].override_applied == "legacy_* (migration ticket DATA-42)");
  CHECK(w.summary.overrides_applied == 3);

  GovernancePolicy off = mixed_policy(EnforcementLevel::off);
  off.overrides.push_back(legacy_override("downgrade"));
  auto o = enforce_policies(mixed_project(), off, kToday);
  CHECK(codes_and_severities(o) == std::vector<std::string>{"legacy_orders FLOE-E301 warning"});
  CHECK(o.passed);
}
