// floe platform compile writes ADR-0016's artifact layout; products can use
// the compiled directory as their platform; floe platform test runs the
// platform's example products.
#include <catch2/catch.hpp>

#include "compile_test_support.hpp"
#include "temp_dir.hpp"

using namespace floe::test;
namespace json = boost::json;
namespace fs = std::filesystem;

TEST_CASE("platform compile writes the ADR-0016 layout", "[platform]") {
  TempDir out;
  auto r = run_floe({"platform", "compile", example("platform/manifest.yaml"), "-o", (out.path() / "p").string()});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  for (const char* f : {"manifest.json", "policies/classification.json", "policies/access-control.json",
                        "policies/quality-gates.json", "catalog/namespaces.json", "architecture/naming-rules.json",
                        "architecture/layer-constraints.json"})
    CHECK(fs::exists(out.path() / "p" / f));
  json::value m = json::parse(read_file(out.path() / "p" / "manifest.json"));
  CHECK(m.at("kind") == "CompiledPlatform");
  CHECK(m.at("metadata").at("created") == "2026-01-01T00:00:00Z");
  CHECK(m.at("platform").at("plugins").at("compute").at("type") == "duckdb");
  CHECK(m.at("provenance").as_object().contains("plugins.compute.type"));
  json::value naming = json::parse(read_file(out.path() / "p" / "architecture" / "naming-rules.json"));
  CHECK(naming.at("model_name_patterns").at(0) == "^(bronze|silver|gold)_[a-z][a-z0-9_]*$");
  // Nothing is left behind beside the output.
  for (const auto& e : fs::directory_iterator(out.path())) CHECK(e.path().filename() == "p");
}

TEST_CASE("platform compile is deterministic and replaces an older output whole", "[platform]") {
  TempDir out;
  std::string dir = (out.path() / "p").string();
  REQUIRE(run_floe({"platform", "compile", example("enterprise/domains/sales/manifest.yaml"), "-o", dir}).exit_code == 0);
  std::string first = read_file(out.path() / "p" / "manifest.json");
  write_file(out.path() / "p" / "stale.json", "{}");
  REQUIRE(run_floe({"platform", "compile", example("enterprise/domains/sales/manifest.yaml"), "-o", dir}).exit_code == 0);
  CHECK(read_file(out.path() / "p" / "manifest.json") == first);
  CHECK_FALSE(fs::exists(out.path() / "p" / "stale.json"));
  json::value m = json::parse(first);
  CHECK(m.at("chain").as_array().size() == 2);
  CHECK(m.at("metadata").at("scope") == "domain");
}

TEST_CASE("a product compiles against a compiled platform directory", "[platform]") {
  TempDir out;
  std::string dir = (out.path() / "sales").string();
  REQUIRE(run_floe({"platform", "compile", example("enterprise/domains/sales/manifest.yaml"), "-o", dir}).exit_code == 0);
  auto r = floe_json({"compile", example("customer-360/floe.yaml"), "--platform", dir, "-o",
                      (out.path() / "target").string()});
  INFO(r.process.out << r.process.err);
  REQUIRE(r.process.exit_code == 0);
  json::value a = json::parse(read_file(out.path() / "target" / "compiled_artifacts.json"));
  CHECK(a.at("inheritance").at("mode") == "3-tier");
  CHECK(a.at("inheritance").at("chain").at(0).at("tier") == "enterprise");
}

TEST_CASE("a compiled platform is checked as its manifest.yaml is: a value the schema refuses is C104, not the default",
          "[platform]") {
  TempDir out;
  std::string dir = (out.path() / "sales").string();
  REQUIRE(run_floe({"platform", "compile", example("enterprise/domains/sales/manifest.yaml"), "-o", dir}).exit_code == 0);
  // Values manifest.yaml refuses (C104), written into the compiled file by
  // hand or another tool: before, they read as the default (warn) and naming
  // errors became warnings with exit 0.
  json::value m = json::parse(read_file(out.path() / "sales" / "manifest.json"));
  m.at("platform").at("governance").as_object()["policy_enforcement_level"] = "STRICT";
  m.at("platform").at("data_architecture").at("naming").as_object()["enforcement"] = "Strict";
  write_file(out.path() / "sales" / "manifest.json", json::serialize(m));
  std::string target = (out.path() / "target").string();
  auto r = run_floe({"compile", example("customer-360/floe.yaml"), "--platform", dir, "-o", target});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 3);
  CHECK_THAT(r.out + r.err, Catch::Contains("FLOE-C104") && Catch::Contains("STRICT") && Catch::Contains("Strict"));
  CHECK_FALSE(fs::exists(out.path() / "target" / "compiled_artifacts.json"));
}

TEST_CASE("a failing manifest chain is reported by platform compile with the inheritance code", "[platform]") {
  TempDir out;
  auto r = floe_json({"platform", "compile", example("variants/domain-weakens-pii/manifest.yaml"), "-o",
                      (out.path() / "p").string()});
  CHECK(r.process.exit_code == 4);
  CHECK(find_diagnostic(r.report, "FLOE-I406") != nullptr);
  CHECK_FALSE(fs::exists(out.path() / "p"));
}

TEST_CASE("platform test runs the example products and reports each expectation", "[platform]") {
  auto r = floe_json({"platform", "test", example("platform/manifest.yaml")});
  INFO(r.process.out << r.process.err);
  CHECK(r.process.exit_code == 0);
  const auto& result = r.report.at("result");
  CHECK(result.at("failed") == 0);
  CHECK(result.at("passed").as_int64() >= 3);
  for (const auto& c : result.at("cases").as_array()) CHECK(c.at("passed") == true);
}
