// Every failing variant in examples/variants fails with the code its
// expect.yaml names, and the right exit code; key diagnostics are checked
// word for word.
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>

#include "compile_test_support.hpp"
#include "sarif_check.hpp"

using namespace floe::test;
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

// expect.yaml: "codes: [A, B]" and optionally "warnings: [C]".
std::vector<std::string> listed(const fs::path& file, const std::string& key) {
  std::ifstream in(file);
  std::string line;
  std::regex re("^" + key + R"(:\s*\[([^\]]*)\])");
  std::smatch m;
  std::vector<std::string> out;
  while (std::getline(in, line))
    if (std::regex_search(line, m, re)) {
      std::string items = m[1];
      std::regex item(R"(FLOE-[A-Z][0-9]+)");
      for (auto it = std::sregex_iterator(items.begin(), items.end(), item); it != std::sregex_iterator(); ++it)
        out.push_back(it->str());
    }
  return out;
}

int expected_exit(const std::vector<std::string>& codes) {
  for (const auto& c : codes)
    if (c[5] == 'C' || c == "FLOE-I401" || c == "FLOE-I402" || c == "FLOE-I403" || c == "FLOE-I410") return 3;
  return 4;
}

}  // namespace

TEST_CASE("each failing variant fails with its expected codes and exit code", "[variants]") {
  std::vector<fs::path> dirs;
  for (const auto& e : fs::directory_iterator(examples_dir() / "variants"))
    if (fs::exists(e.path() / "expect.yaml")) dirs.push_back(e.path());
  std::sort(dirs.begin(), dirs.end());
  REQUIRE(dirs.size() >= 10);
  for (const auto& dir : dirs) {
    auto errors = listed(dir / "expect.yaml", "codes");
    auto warnings = listed(dir / "expect.yaml", "warnings");
    SECTION(dir.filename().string()) {
      auto r = floe_json({"validate", (dir / "floe.yaml").string()});
      INFO(dir.filename().string() << "\n" << r.process.out << r.process.err);
      CHECK(r.process.exit_code == expected_exit(errors));
      auto found = codes(r.report, "error");
      for (const auto& c : errors) CHECK(std::find(found.begin(), found.end(), c) != found.end());
      auto found_warnings = codes(r.report, "warning");
      for (const auto& c : warnings) CHECK(std::find(found_warnings.begin(), found_warnings.end(), c) != found_warnings.end());
    }
  }
}

TEST_CASE("naming violation: the seeds' message, expected prefixes and a rename", "[variants]") {
  auto r = run_floe({"validate", example("variants/naming/floe.yaml")});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 4);
  CHECK(r.out.find("[3/5] Enforcing governance") != std::string::npos);
  CHECK(r.out.find("✗ ERROR: 'stg_payments' violates naming convention") != std::string::npos);
  CHECK(r.out.find("Expected: bronze_*, silver_*, or gold_* prefix") != std::string::npos);
  CHECK(r.out.find("FAILED") != std::string::npos);
  CHECK(r.err.find("models/bronze/stg_payments.sql") != std::string::npos);
  CHECK(r.err.find("rename to 'bronze_payments'") != std::string::npos);
}

TEST_CASE("a domain choosing a non-approved compute names the whitelist and where it is set", "[variants]") {
  auto r = floe_json({"validate", example("variants/domain-unapproved-compute/floe.yaml")});
  const auto* d = find_diagnostic(r.report, "FLOE-I404");
  REQUIRE(d != nullptr);
  CHECK(std::string(d->at("message").as_string()).find("selects compute plugin 'spark'") != std::string::npos);
  CHECK(std::string(d->at("expected").as_string()).find("one of: duckdb, snowflake") != std::string::npos);
  CHECK(std::string(d->at("file").as_string()).find("domain-unapproved-compute/manifest.yaml") != std::string::npos);
  CHECK(d->at("line").as_int64() > 0);
}

TEST_CASE("a domain weakening PII encryption is refused with both locations", "[variants]") {
  auto r = floe_json({"validate", example("variants/domain-weakens-pii/floe.yaml")});
  const auto* d = find_diagnostic(r.report, "FLOE-I406");
  REQUIRE(d != nullptr);
  CHECK(std::string(d->at("message").as_string()).find("cannot weaken governance.pii_encryption from 'required' to 'optional'") !=
        std::string::npos);
  CHECK(std::string(d->at("expected").as_string()).find("enterprise/manifest.yaml:") != std::string::npos);
}

TEST_CASE("a product the domain did not approve is refused, naming the approved list", "[variants]") {
  auto r = floe_json({"validate", example("variants/product-not-approved/floe.yaml")});
  const auto* d = find_diagnostic(r.report, "FLOE-I409");
  REQUIRE(d != nullptr);
  CHECK(d->at("message") == "data product 'churn-model' is not approved by domain 'sales-domain'");
  CHECK(std::string(d->at("expected").as_string()).find("customer-360") != std::string::npos);
}

TEST_CASE("a reference cycle names the chain", "[variants]") {
  auto r = floe_json({"validate", example("variants/cycle/floe.yaml")});
  const auto* d = find_diagnostic(r.report, "FLOE-I402");
  REQUIRE(d != nullptr);
  std::string m(d->at("message").as_string());
  CHECK(m.find("domains/a/manifest.yaml -> ") != std::string::npos);
  CHECK(m.find("domains/b/manifest.yaml") != std::string::npos);
}

TEST_CASE("SARIF output locates findings in the dbt project", "[variants][sarif]") {
  auto r = run_floe({"validate", example("variants/naming/floe.yaml"), "--format", "sarif"});
  REQUIRE(r.exit_code == 4);
  CHECK(sarif_schema_problems(r.out) == "");  // the official SARIF 2.1.0 schema
  json::value sarif = json::parse(r.out);
  CHECK(sarif.at("version") == "2.1.0");
  const auto& results = sarif.at("runs").at(0).at("results").as_array();
  bool located = false;
  for (const auto& res : results) {
    if (res.at("ruleId") != "FLOE-E201") continue;
    std::string uri(res.at("locations").at(0).at("physicalLocation").at("artifactLocation").at("uri").as_string());
    located = uri.find("stg_payments.sql") != std::string::npos && uri.find("..") == std::string::npos;
  }
  CHECK(located);
}
