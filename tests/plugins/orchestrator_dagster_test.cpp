// orchestrator-dagster through `floe compile --orchestrator-out`: the code
// location of examples/customer-360 (3-tier, sales domain), beside another
// product's of the same domain, loaded by real
// Dagster (`dagster definitions validate`) and materialized by it on DuckDB
// (`dagster asset materialize --select '*'`: the ingestion assets run floe,
// the dbt assets run dbt through dagster-dbt), the tables checked; and the
// refusals: a timezone Dagster does not support, two products that would
// produce the same asset keys.
//
// The Dagster case ([dagster]) is one ctest of its own: Dagster takes
// seconds to load and minutes to materialize, so it runs once.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <filesystem>

#include "orchestrator_examples.hpp"

using namespace floe::test;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

const std::string kVenv = FLOE_TEST_VENV;
const char* const kPlanted = kPlantedSecret;

struct Examples : OrchestratorExamples {
  Examples() : OrchestratorExamples("dagster") {}
};

// floe, dbt and Dagster on PATH as on a Dagster worker; a secret the
// platform references set, to show it never reaches the code location.
std::map<std::string, std::string> worker_env(const fs::path& home) {
  return {{"PATH", std::string(FLOE_TEST_BIN_DIR) + ":" + kVenv + "/bin:/usr/local/bin:/usr/bin:/bin"},
          {"VIRTUAL_ENV", ""},
          {"DAGSTER_HOME", home.string()},
          {"OPENLINEAGE_DISABLED", "true"},
          {"POLARIS_CLIENT_SECRET", kPlanted}};
}

ProcessResult compile_location(const Examples& e, const std::string& product_file) { return e.compile(product_file); }

}  // namespace

TEST_CASE("orchestrator-dagster: floe compile --orchestrator-out writes the product's code location", "[orchestrator]") {
  Examples e;
  auto r = compile_location(e, e.file());
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  fs::path location = e.out / "sales_domain__customer_360";
  CHECK(fs::exists(location / "definitions.py"));
  json::value product = json::parse(read_file(location / "floe_product.json"));
  CHECK(product.at("asset_prefix") == json::array{"sales_domain", "customer_360"});
  CHECK(product.at("group") == "sales_domain__customer_360");
  CHECK(product.at("owners") == json::array{"sales-data@acme.com"});
  CHECK(product.at("schedule").at("timezone") == "Europe/Amsterdam");
  CHECK(product.at("ingestion").as_array().size() == 4);
  // slas.freshness PT26H on the output ports' tables.
  CHECK(product.at("freshness").at("fail_window_seconds") == 26 * 3600);
  CHECK(product.at("freshness").at("tables") == json::array{"gold_customer_360", "gold_customer_orders"});
  CHECK(read_file(e.out / "workspace.yaml").find("relative_path: sales_domain__customer_360/definitions.py") !=
        std::string::npos);
  // The platform's secrets are named by their environment variables only.
  CHECK(read_file(location / "floe_product.json").find("\"env_var\":\"POLARIS_CLIENT_SECRET\"") != std::string::npos);
  for (const auto& f : fs::recursive_directory_iterator(e.out))
    if (f.is_regular_file()) CHECK(read_file(f.path()).find(kPlanted) == std::string::npos);
  // Compiling again changes nothing.
  auto again = compile_location(e, e.file());
  CHECK(again.exit_code == 0);
  // A second product of the domain gets its own location beside it.
  REQUIRE(compile_location(e, e.second_product()).exit_code == 0);
  std::string workspace = read_file(e.out / "workspace.yaml");
  CHECK(workspace.find("location_name: sales_domain__customer_360") != std::string::npos);
  CHECK(workspace.find("location_name: sales_domain__sales_forecast") != std::string::npos);
}

TEST_CASE("orchestrator-dagster: a schedule timezone Dagster does not support is refused at its line",
          "[orchestrator]") {
  // Dagster takes the zones of the tz database (the [dagster] case shows it
  // refusing this one); floe refuses the others when it reads floe.yaml.
  Examples e;
  std::string yaml = read_file(e.product / "floe.yaml");
  yaml.replace(yaml.find("Europe/Amsterdam"), 16, "Mars/Olympus_Mons");
  write_file(e.product / "floe.yaml", yaml);
  auto r = compile_location(e, e.file());
  INFO(r.out << r.err);
  CHECK(r.exit_code == 3);
  CHECK(has_code(r, "FLOE-C303", "unknown time zone \"Mars/Olympus_Mons\""));
  CHECK(r.out.find("\"line\":44,\"column\":13") != std::string::npos);  // floe.yaml's timezone value
  CHECK_FALSE(fs::exists(e.out / "sales_domain__customer_360"));
}

TEST_CASE("orchestrator-dagster: two products with the same asset keys in one directory name both", "[orchestrator]") {
  Examples e;
  REQUIRE(compile_location(e, e.file()).exit_code == 0);
  // The same product name from another directory: the same asset keys.
  copy_tree(e.product, e.tmp.path() / "customer-360-copy");
  std::string copy = (e.tmp.path() / "customer-360-copy" / "floe.yaml").string();
  auto r = compile_location(e, copy);
  INFO(r.out << r.err);
  CHECK(r.exit_code == 3);
  CHECK(has_code(r, "FLOE-P607", "products customer-360 (" + e.file() + ") and customer-360 (" + copy + ")"));
  // The first product's location is untouched.
  json::value product = json::parse(read_file(e.out / "sales_domain__customer_360" / "floe_product.json"));
  CHECK(product.at("product_file").as_string() == e.file());
}

TEST_CASE("orchestrator-dagster: real Dagster loads the location and materializes customer-360 on DuckDB",
          "[dagster]") {
  Examples e;
  REQUIRE(compile_location(e, e.file()).exit_code == 0);
  REQUIRE(compile_location(e, e.second_product()).exit_code == 0);  // two products, one deployment
  fs::path home = e.tmp.path() / "dagster-home";
  fs::create_directories(home);
  const std::string dagster = kVenv + "/bin/dagster";
  REQUIRE(fs::exists(dagster));  // scripts/bootstrap installs it (scripts/requirements.txt)

  auto valid = run_process(dagster, {"definitions", "validate", "-w", (e.out / "workspace.yaml").string()},
                           worker_env(home), std::chrono::minutes(5));
  INFO(valid.out << valid.err);
  REQUIRE(valid.exit_code == 0);
  CHECK((valid.out + valid.err).find("All code locations passed validation") != std::string::npos);
  CHECK((valid.out + valid.err).find("Validation successful for code location sales_domain__sales_forecast") !=
        std::string::npos);

  // In Dagster's own terms: the output ports' tables carry the freshness
  // SLA (other models none), and Dagster refuses the timezone floe refuses.
  fs::path location = e.out / "sales_domain__customer_360";
  auto specs = run_process(
      "/bin/sh",
      {"-c", "cd '" + location.string() + "' && exec '" + kVenv + "/bin/python' -c \"" +
                 "import runpy, dagster as dg\n"
                 "specs = {s.key.path[-1]: s for s in runpy.run_path('definitions.py')['defs'].resolve_all_asset_specs()}\n"
                 "print(specs['gold_customer_360'].freshness_policy.fail_window.to_timedelta().total_seconds(), "
                 "specs['gold_customer_orders'].key.path, specs['silver_orders'].freshness_policy)\n"
                 "dg.ScheduleDefinition(job=dg.define_asset_job('j'), cron_schedule='0 6 * * *', "
                 "execution_timezone='Mars/Olympus_Mons')\n\""},
      worker_env(home), std::chrono::minutes(2));
  INFO(specs.out << specs.err);
  CHECK(specs.out == "93600.0 ['sales_domain', 'customer_360', 'gold_customer_orders'] None\n");
  CHECK(specs.exit_code != 0);
  CHECK(specs.err.find("Invalid execution timezone Mars/Olympus_Mons") != std::string::npos);

  auto run = run_process("/bin/sh",
                         {"-c", "cd '" + location.string() + "' && exec '" + dagster +
                                    "' asset materialize -f definitions.py --select '*'"},
                         worker_env(home), std::chrono::minutes(10));
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(run.err.find("RUN_SUCCESS") != std::string::npos);

  CHECK(customer_360_counts(kVenv, e) == "[48, 30, 48]\n");
}
