// The Python alpha's demo (tests/fixtures/alpha-demo: its manifest.yaml and
// products, keys and values as published): read unchanged, the literal
// client_secret still refused, every alpha key translated or noted, one
// database per product, and real dbt building with the profile floe writes.
#include <boost/json.hpp>

#include <catch2/catch.hpp>

#include "format_test_support.hpp"

using namespace floe::test;

namespace {

std::vector<std::string> codes_in(const boost::json::value& report, const std::string& severity) {
  std::vector<std::string> out;
  for (const auto& d : report.at("diagnostics").as_array())
    if (d.at("severity") == severity.c_str()) out.emplace_back(d.at("code").as_string());
  return out;
}

}  // namespace

TEST_CASE("alpha demo manifest: only the literal client_secret is an error, every alpha key is translated or noted",
          "[alpha]") {
  TempDir tmp;
  auto dir = copy_fixture("alpha-demo", tmp);
  auto r = floe_in(dir, {"platform", "compile", "manifest.yaml", "--format", "json"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 3);
  auto report = boost::json::parse(r.out);
  CHECK(codes_in(report, "error") == std::vector<std::string>{"FLOE-C205"});
  CHECK(!contains(r.out, "demo-secret"));  // the value is never printed
  std::vector<std::string> notes;
  for (const auto& d : report.at("diagnostics").as_array())
    if (d.at("code") == "FLOE-C090") notes.emplace_back(d.at("message").as_string());
  for (const char* key : {"plugins.compute.config.memory_limit", "observability.tracing", "observability.traces.exporter",
                          "observability.lineage.transport", "governance.default_ttl_hours",
                          "governance.stale_table_recovery_mode", "resource_presets"}) {
    INFO(key);
    CHECK(std::count_if(notes.begin(), notes.end(), [&](const std::string& n) { return contains(n, key); }) >= 1);
  }
  // snapshot_keep_last is floe's own key: kept, not noted as dropped.
  CHECK(std::none_of(notes.begin(), notes.end(), [](const std::string& n) { return contains(n, "snapshot_keep_last"); }));
}

TEST_CASE("alpha demo manifest with its secret as a reference compiles", "[alpha]") {
  TempDir tmp;
  auto dir = copy_fixture("alpha-demo", tmp);
  auto r = floe_in(dir, {"platform", "compile", "manifest-secret-ref.yaml", "-o", "out"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(lines_with(r.err, "error").empty());
  CHECK(lines_with(r.err, "warning").empty());
}

TEST_CASE("alpha demo products: {product_slug} gives each of three products its own DuckDB database", "[alpha]") {
  TempDir tmp;
  auto dir = copy_fixture("alpha-demo", tmp);
  std::vector<std::string> paths;
  for (const char* product : {"customer-360", "iot-telemetry", "financial-risk"}) {
    auto r = floe_in(dir, {"compile", std::string(product) + "/floe.yaml", "--platform", "manifest-secret-ref.yaml"});
    INFO(product << "\n" << r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(lines_with(r.err, "error").empty());
    CHECK(lines_with(r.err, "FLOE-C101").empty());
    std::string profiles = read_file(dir / product / "target" / "profiles" / "profiles.yml");
    CHECK(!contains(profiles, "{product_slug}"));
    auto at = profiles.find("path: \"");
    REQUIRE(at != std::string::npos);
    paths.push_back(profiles.substr(at + 7, profiles.find('"', at + 7) - at - 7));
    // memory_limit moved under settings, where the DuckDB plugin takes it.
    CHECK(contains(profiles, "settings:\n        memory_limit: \"2GB\""));
  }
  CHECK(paths == std::vector<std::string>{"/tmp/floe/customer_360.duckdb", "/tmp/floe/iot_telemetry.duckdb",
                                          "/tmp/floe/financial_risk.duckdb"});
  CHECK(std::filesystem::is_directory("/tmp/floe"));  // created by compile: dbt works on the first try
}

TEST_CASE("alpha demo customer-360: dbt build succeeds with the profile floe wrote", "[alpha][dbt]") {
  REQUIRE(std::filesystem::exists(FLOE_TEST_DBT));  // scripts/bootstrap installs it; its absence is a failure
  TempDir tmp;
  auto dir = copy_fixture("alpha-demo", tmp);
  std::filesystem::remove("/tmp/floe/customer_360.duckdb");
  auto compiled = floe_in(dir, {"compile", "customer-360/floe.yaml", "--platform", "manifest-secret-ref.yaml"});
  REQUIRE(compiled.exit_code == 0);
  auto project = dir / "customer-360";
  auto r = run_process("/bin/sh", {"-c", "cd \"$1\" && exec \"$2\" build --profiles-dir target/profiles --no-use-colors", "sh",
                                   project.string(), FLOE_TEST_DBT},
                       {{"DBT_SEND_ANONYMOUS_USAGE_STATS", "false"}});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(contains(r.out, "Completed successfully"));
  CHECK(std::filesystem::exists("/tmp/floe/customer_360.duckdb"));
}

TEST_CASE("alpha transforms naming a model the dbt project lacks are reported (D020)", "[alpha]") {
  TempDir tmp;
  auto dir = copy_fixture("alpha-demo", tmp);
  std::string spec = read_file(dir / "customer-360" / "floe.yaml");
  spec.replace(spec.find("  - name: mart_customer_360"), 27, "  - name: mart_customer_306");
  write_file(dir / "customer-360" / "floe.yaml", spec);
  auto r = floe_in(dir, {"validate", "customer-360/floe.yaml", "--platform", "manifest-secret-ref.yaml"});
  INFO(r.out << r.err);
  auto found = lines_with(r.err, "warning FLOE-D020");
  REQUIRE(found.size() == 1);
  CHECK(contains(found[0], "transform 'mart_customer_306' is not a model of the dbt project 'customer_360'"));
}

TEST_CASE("translation never hides an error: an unknown key no format accepts is still C101 with did-you-mean",
          "[alpha]") {
  TempDir tmp;
  auto dir = copy_fixture("alpha-demo", tmp);
  std::string text = read_file(dir / "manifest-secret-ref.yaml");
  text.replace(text.find("  audit_logging: enabled"), 23, "  audit_loging: enabled");
  write_file(dir / "manifest-secret-ref.yaml", text);
  auto r = floe_in(dir, {"platform", "compile", "manifest-secret-ref.yaml"});
  INFO(r.err);
  CHECK(r.exit_code == 3);
  auto errors = lines_with(r.err, "error FLOE-C101");
  REQUIRE(errors.size() == 1);
  CHECK(contains(errors[0], "unknown key 'audit_loging' in 'governance'"));
  CHECK(contains(r.err, "did you mean 'audit_logging'?"));
}
