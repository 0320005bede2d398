// enforcement_result_json_text, diagnostics_to_sarif_text, and deterministic output.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <filesystem>

#include "diag/sarif_writer.hpp"
#include "project_builder.hpp"
#include "sarif_check.hpp"

using namespace floe;
using namespace floe::test;
namespace json = boost::json;

namespace {

dbt::DbtModel located(const std::string& name, const std::string& dir) {
  dbt::DbtModel m = Model(name);
  m.where = at(dir + "/models/" + name + ".sql", 2, 3);
  return m;
}

GovernancePolicy strict_naming() {
  GovernancePolicy p = quiet_policy();
  p.naming.enforcement = EnforcementLevel::strict;
  return p;
}

// Strict naming with coverage and descriptions required.
GovernancePolicy gated_naming() {
  GovernancePolicy p = strict_naming();
  p.gates.minimum_test_coverage = 50;
  p.gates.require_descriptions = true;
  return p;
}

// Five models breaking naming, coverage, documentation and the DAG rules
// (a cycle, a missing ref); `staging` names the fourth.
std::vector<dbt::DbtModel> mixed_models(const std::string& staging) {
  return {Model("c_x").ref("a_x"), Model("a_x").ref("b_x").column("k"), Model("b_x").ref("c_x").ref("nope"),
          Model(staging), Model("int_q")};
}

}  // namespace

TEST_CASE("JSON result: passed, level, summary and findings") {
  auto r = enforce_policies(project({Model("stg_payments"), Model("gold_x").ref("gold_y")}), strict_naming(), kToday);
  const std::string text = enforcement_result_json_text(r, strict_naming());
  json::value v = json::parse(text);
  CHECK(json::serialize(v) == text);  // compact, in the order written
  const json::object& o = v.as_object();
  CHECK(o.at("passed") == false);
  CHECK(o.at("level") == "strict");
  CHECK(o.at("naming_enforcement") == "strict");
  CHECK(o.at("block_on_failure") == true);
  const json::object& s = o.at("summary").as_object();
  CHECK(s.at("models") == 2);
  CHECK(s.at("errors") == 2);
  CHECK(s.at("warnings") == 0);
  CHECK(s.at("overrides_applied") == 0);
  CHECK(s.at("by_category").at("naming") == 1);
  CHECK(s.at("by_category").at("dag") == 1);
  const json::array& f = o.at("findings").as_array();
  REQUIRE(f.size() == 2);
  CHECK(f[0] == diagnostic_to_json(r.findings.items()[0]));
  CHECK(f[1] == diagnostic_to_json(r.findings.items()[1]));
  CHECK(f[0].at("code") == "FLOE-E301");
  CHECK(f[1].at("message") == "'stg_payments' violates naming convention");
  CHECK(f[1].at("hint") == "rename to 'bronze_payments'");
}

TEST_CASE("the enforcement result as a value serializes to the text the report writes") {
  // The compiled artifacts take the value, reports the text: both are written
  // from the typed result, so they are held to the same bytes (findings of
  // several rules and categories, quotes and UTF-8 in names).
  GovernancePolicy p = gated_naming();
  dbt::DbtProject project;
  project.models = mixed_models("stg_z \"q\" \xC3\xA9");
  for (bool block : {true, false}) {
    p.gates.block_on_failure = block;
    auto r = enforce_policies(project, p, kToday);
    REQUIRE(r.findings.items().size() > 10);
    CHECK(json::serialize(enforcement_result_json(r, p)) == enforcement_result_json_text(r, p));
  }
  EnforcementResult empty;
  CHECK(json::serialize(enforcement_result_json(empty, quiet_policy())) ==
        enforcement_result_json_text(empty, quiet_policy()));
}

TEST_CASE("thousands of findings: sorted, written in parts, the same bytes whatever the order") {
  // Above 8,192 findings they are sorted as two halves on two cores and
  // merged, and above 4,096 written as JSON in parts (policy_enforcer.cpp,
  // diagnostic.cpp): held to the value written one finding at a time, and
  // to one order of findings whatever order the models come in.
  GovernancePolicy p = gated_naming();
  std::vector<dbt::DbtModel> models;
  for (int i = 0; i < 5000; ++i) models.push_back(Model("m" + std::to_string((i * 7919) % 5000)).column("k"));
  dbt::DbtProject forward;
  forward.models = models;
  dbt::DbtProject reversed;
  reversed.models.assign(models.rbegin(), models.rend());
  auto r = enforce_policies(forward, p, kToday);
  REQUIRE(r.findings.items().size() > 10000);
  for (std::size_t i = 1; i < r.findings.items().size(); ++i)
    REQUIRE(r.findings.items()[i - 1].subject <= r.findings.items()[i].subject);
  const std::string text = enforcement_result_json_text(r, p);
  CHECK(json::serialize(enforcement_result_json(r, p)) == text);
  CHECK(enforcement_result_json_text(enforce_policies(reversed, p, kToday), p) == text);
}

TEST_CASE("output is the same whatever order the models come in") {
  const std::vector<dbt::DbtModel> models = mixed_models("stg_z");
  GovernancePolicy p = gated_naming();
  dbt::DbtProject unsorted;
  unsorted.models = models;
  dbt::DbtProject reversed;
  reversed.models.assign(models.rbegin(), models.rend());
  std::string a = enforcement_result_json_text(enforce_policies(unsorted, p, kToday), p);
  std::string b = enforcement_result_json_text(enforce_policies(reversed, p, kToday), p);
  CHECK(a == b);
  auto r = enforce_policies(unsorted, p, kToday);
  std::vector<std::string> order;
  for (const auto& d : r.findings.items()) order.push_back(d.subject + " " + d.category + " " + d.code);
  CHECK(order == std::vector<std::string>{
                     "a_x coverage FLOE-E210",  "a_x dag FLOE-E302",        "a_x documentation FLOE-E220",
                     "a_x naming FLOE-E201",    "b_x coverage FLOE-E210",   "b_x dag FLOE-E301",
                     "b_x documentation FLOE-E220", "b_x naming FLOE-E201", "c_x coverage FLOE-E210",
                     "c_x documentation FLOE-E220", "c_x naming FLOE-E201", "int_q coverage FLOE-E210",
                     "int_q documentation FLOE-E220", "int_q naming FLOE-E201", "stg_z coverage FLOE-E210",
                     "stg_z documentation FLOE-E220", "stg_z naming FLOE-E201"});
}

TEST_CASE("SARIF 2.1.0: header, one rule per code, results with relative locations") {
  auto r = enforce_policies(project({located("stg_payments", "shop"), located("gold_x", "shop")}), strict_naming(),
                            kToday);
  Diagnostics all = r.findings;
  Diagnostic outside;
  outside.code = "FLOE-C205";
  outside.category = "config";
  outside.message = "secret value in the manifest";
  outside.where = at("/etc/floe/manifest.yaml", 9, 0);
  all.add(outside);
  Diagnostic spaced;
  spaced.severity = Severity::note;
  spaced.code = "FLOE-X999";
  spaced.message = "odd path";
  spaced.where = at("shop/my models/a#b.sql");
  all.add(spaced);
  Diagnostic nowhere;
  nowhere.severity = Severity::warning;
  nowhere.code = "FLOE-E201";
  nowhere.message = "no location";
  all.add(nowhere);

  const std::string text = diagnostics_to_sarif_text(all, "shop/", "0.1.0");
  json::value v = json::parse(text);
  CHECK(json::serialize(v) == text);  // compact, as boost::json::serialize writes it
  CHECK(sarif_schema_problems(text) == "");  // the official SARIF 2.1.0 schema
  const json::object& log = v.as_object();
  CHECK(log.begin()->key() == "version");
  CHECK(log.at("version") == "2.1.0");
  CHECK(log.at("$schema") == "https://json.schemastore.org/sarif-2.1.0.json");
  REQUIRE(log.at("runs").as_array().size() == 1);
  const json::object& run = log.at("runs").as_array()[0].as_object();

  const json::object& driver = run.at("tool").at("driver").as_object();
  CHECK(driver.at("name") == "floe");
  CHECK(driver.at("version") == "0.1.0");
  CHECK(driver.at("semanticVersion") == "0.1.0");
  CHECK(driver.at("informationUri") == "https://floe.dev");
  const json::array& rules = driver.at("rules").as_array();
  REQUIRE(rules.size() == 3);  // sorted by code, each once
  CHECK(rules[0].at("id") == "FLOE-C205");
  CHECK(rules[1].at("id") == "FLOE-E201");
  CHECK(rules[1].at("name") == "NamingConventionViolation");
  CHECK(rules[1].at("shortDescription").at("text") == "Model name does not follow the naming convention.");
  CHECK(rules[1].at("helpUri") == "https://floe.dev/docs/codes#FLOE-E201");
  CHECK(rules[2].at("id") == "FLOE-X999");
  CHECK_FALSE(rules[2].as_object().contains("name"));
  CHECK(rules[2].at("shortDescription").at("text") == "floe diagnostic FLOE-X999");

  CHECK(run.at("invocations").as_array()[0].at("executionSuccessful") == true);
  std::string root = "file://" + (std::filesystem::current_path() / "shop").generic_string() + "/";
  CHECK(run.at("originalUriBaseIds").at("%SRCROOT%").at("uri") == json::value(root));

  const json::array& results = run.at("results").as_array();
  REQUIRE(results.size() == 4);
  const json::object& first = results[0].as_object();  // stg_payments E201
  CHECK(first.at("ruleId") == "FLOE-E201");
  CHECK(first.at("ruleIndex") == 1);
  CHECK(first.at("level") == "error");
  CHECK(first.at("message").at("text") ==
        "'stg_payments' violates naming convention. Expected: bronze_*, silver_*, or gold_* prefix. Found: prefix "
        "'stg_'. Fix: rename to 'bronze_payments'");
  const json::object& phys = first.at("locations").as_array()[0].at("physicalLocation").as_object();
  CHECK(phys.at("artifactLocation").at("uri") == "models/stg_payments.sql");
  CHECK(phys.at("artifactLocation").at("uriBaseId") == "%SRCROOT%");
  CHECK(phys.at("region").at("startLine") == 2);
  CHECK(phys.at("region").at("startColumn") == 3);
  CHECK(first.at("properties").at("category") == "naming");
  CHECK(first.at("properties").at("subject") == "stg_payments");

  const json::object& abs = results[1].at("locations").as_array()[0].at("physicalLocation").as_object();
  CHECK(abs.at("artifactLocation").at("uri") == "file:///etc/floe/manifest.yaml");
  CHECK_FALSE(abs.at("artifactLocation").as_object().contains("uriBaseId"));
  CHECK(abs.at("region").at("startLine") == 9);
  CHECK_FALSE(abs.at("region").as_object().contains("startColumn"));
  CHECK(results[1].at("ruleIndex") == 0);

  const json::object& odd = results[2].as_object();
  CHECK(odd.at("level") == "note");
  CHECK(odd.at("ruleIndex") == 2);
  const json::object& odd_phys = odd.at("locations").as_array()[0].at("physicalLocation").as_object();
  CHECK(odd_phys.at("artifactLocation").at("uri") == "my%20models/a%23b.sql");
  CHECK_FALSE(odd_phys.contains("region"));

  CHECK(results[3].at("level") == "warning");
  CHECK_FALSE(results[3].as_object().contains("locations"));
  CHECK_FALSE(results[3].as_object().contains("properties"));
}

TEST_CASE("SARIF of nothing is a valid empty run") {
  const std::string text = diagnostics_to_sarif_text(Diagnostics{}, ".", "dev");
  json::value v = json::parse(text);
  CHECK(json::serialize(v) == text);
  CHECK(sarif_schema_problems(text) == "");
  const json::object& run = v.at("runs").as_array()[0].as_object();
  CHECK(run.at("results").as_array().empty());
  CHECK(run.at("tool").at("driver").at("rules").as_array().empty());
  CHECK_FALSE(run.at("tool").at("driver").as_object().contains("semanticVersion"));
}
