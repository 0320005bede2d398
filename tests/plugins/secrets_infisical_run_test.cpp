// floe run resolving a platform's {secret_ref} through the infisical
// secrets plugin, against the TEST DOUBLE of Infisical's API
// (infisical_api_double.hpp): real dbt on the run-product fixture, whose
// DuckDB compute reads `custom_user_agent` from the reference and a model
// that reads the setting back. The value reaches DuckDB and nothing floe
// prints, records or writes (the event stream included); a token Infisical
// refuses is FLOE-X108 naming the manifest key and the reference before dbt
// runs.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <filesystem>

#include "compile_test_support.hpp"
#include "infisical_api_double.hpp"
#include "temp_dir.hpp"

using namespace floe::test;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

const std::string kVenv = FLOE_TEST_VENV;

// run-product on a platform whose secrets plugin is infisical at `address`.
struct Product {
  TempDir tmp;
  fs::path dir = tmp.path() / "shop";
  explicit Product(const std::string& address) {
    copy_tree(fs::path(kInfisicalSource) / "tests/fixtures/run-product", tmp.path());
    fs::path manifest = tmp.path() / "platform" / "manifest.yaml";
    std::string text = read_file(manifest);
    text.replace(text.find("      threads: 2\n"), 17,
                 "      threads: 2\n"
                 "    secrets:\n"
                 "      custom_user_agent: {secret_ref: WAREHOUSE_AGENT}\n"
                 "  secrets:\n"
                 "    type: infisical\n"
                 "    config: {site_url: '" +
                     address +
                     "', project_id: proj-7f3a, environment: prod,\n"
                     "             auth: {token_ref: {env: FLOE_TEST_INFISICAL_TOKEN}}}\n");
    write_file(manifest, text);
    write_file(
        dir / "models" / "bronze_agent.sql",
        "{{ config(materialized='table') }}\nselect '{{ env_var(\"FLOE_SECRET_WAREHOUSE_AGENT\") }}' as agent\n");
  }
};

ProcessResult floe_run(const Product& p, const std::string& token) {
  REQUIRE(fs::exists(kVenv + "/bin/dbt"));  // scripts/bootstrap makes it;
                                            // without it this test cannot pass
  return run_floe({"run", (p.dir / "floe.yaml").string(), "--events"},
                  {{"PATH", kVenv + "/bin:/usr/local/bin:/usr/bin:/bin"},
                   {"VIRTUAL_ENV", ""},
                   {"FLOE_TEST_INFISICAL_TOKEN", token},
                   {"FLOE_SECRET_WAREHOUSE_AGENT", ""}});
}

// The report: the last line of --events.
json::value report_of(const ProcessResult& run) {
  std::string out = run.out.substr(0, run.out.find_last_not_of('\n') + 1);
  return json::parse(out.substr(out.rfind('\n') + 1));
}

}  // namespace

TEST_CASE("floe run reads a {secret_ref} from Infisical through the infisical plugin", "[run][secrets][infisical]") {
  InfisicalDouble api;
  SECTION("the value reaches dbt, and nothing floe prints or writes") {
    Product p(api.address());
    auto run = floe_run(p, kToken);
    INFO(run.out << run.err);
    REQUIRE(run.exit_code == 0);
    auto agent =
        run_process(kVenv + "/bin/python", {"-c",
                                            "import duckdb, sys; print(duckdb.connect(sys.argv[1], read_only=True)"
                                            ".sql('select agent from bronze_agent').fetchone()[0])",
                                            (p.dir / "warehouse" / "shop.duckdb").string()});
    CHECK(agent.out == kPlanted + "\n");
    CHECK((run.out + run.err).find(kPlanted) == std::string::npos);
    CHECK((run.out + run.err).find(kToken) == std::string::npos);
    for (const char* file : {"floe_run.json", "compiled_artifacts.json", "profiles/profiles.yml"}) {
      INFO(file);
      CHECK(read_file(p.dir / "target" / file).find(kPlanted) == std::string::npos);
    }
    bool asked = false;
    for (const auto& r : api.requests()) asked = asked || r.at("path") == "/api/v4/secrets/WAREHOUSE_AGENT";
    CHECK(asked);
  }
  SECTION("a token Infisical refuses is FLOE-X108 naming the reference, before dbt runs") {
    Product p(api.address());
    auto run = floe_run(p, "st.refused-token-0d1f");
    INFO(run.out << run.err);
    CHECK(run.exit_code == 3);
    std::string message;
    json::value report = report_of(run);
    for (const auto& d : report.at("diagnostics").as_array())
      if (d.at("code") == "FLOE-X108") message = d.at("message").as_string();
    CHECK(message.find("plugins.compute.secrets.custom_user_agent") != std::string::npos);
    CHECK(message.find("refused the credentials from env:FLOE_TEST_INFISICAL_TOKEN") != std::string::npos);
    CHECK((run.out + run.err).find("refused-token-0d1f") == std::string::npos);
    CHECK_FALSE(fs::exists(p.dir / "warehouse" / "shop.duckdb"));
  }
}
