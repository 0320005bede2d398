// orchestrator-prefect through `floe compile --orchestrator-out`: the flow of
// examples/customer-360 (3-tier, sales domain) and its deployment, loaded by
// real Prefect (the schedule, timezone and retries as the product and
// platform say) and run once by it on DuckDB with Prefect's temporary local
// server (each task runs floe run), the tables checked; and the refusal of a
// timezone Prefect does not support, at its floe.yaml line. (Two products
// with one flow name: the same host check as Airflow's DAG ids, FLOE-P607,
// tested in orchestrator_airflow_test.cpp.)
//
// The Prefect case ([prefect]) is one ctest of its own, labelled external
// and prefect: Prefect lives in its own virtualenv (.cache/prefect-venv,
// scripts/bootstrap-prefect).
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <filesystem>

#include "orchestrator_examples.hpp"

using namespace floe::test;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

const std::string kVenv = FLOE_TEST_VENV;
const std::string kPrefectVenv = FLOE_TEST_PREFECT_VENV;
constexpr const char* kFlow = "sales-domain__customer-360";

struct Examples : OrchestratorExamples {
  Examples() : OrchestratorExamples("flows") {
    select_orchestrator("prefect", "{retries: 1, retry_delay_seconds: 5, local: true}");
  }
};

// floe and dbt on PATH as on a Prefect worker, Prefect's state in `home`
// (no API URL: a temporary local server); a secret the platform references
// set, to show it never reaches the flow.
std::map<std::string, std::string> worker_env(const fs::path& home) {
  return {{"PATH", std::string(FLOE_TEST_BIN_DIR) + ":" + kVenv + "/bin:/usr/local/bin:/usr/bin:/bin"},
          {"VIRTUAL_ENV", ""},
          {"PREFECT_HOME", home.string()},
          {"PREFECT_API_URL", ""},
          {"PREFECT_SERVER_ANALYTICS_ENABLED", "false"},
          // Prefect gives its temporary API server 20 s to start; on a
          // loaded 2-core CI machine it once needed more (a timeout, not a
          // failure of the flow).
          {"PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180"},
          {"OPENLINEAGE_DISABLED", "true"},
          {"POLARIS_CLIENT_SECRET", kPlantedSecret}};
}

// The flow, its tasks' options and its deployment as Prefect loads them; and
// Prefect's own schedule validation of the zone floe refuses for it.
constexpr const char* kInspect = R"py(
import json, runpy
from prefect.client.schemas.schedules import CronSchedule
ns = runpy.run_path("floe_flow.py")
deployment, task = ns["DEPLOYMENT"], ns["floe_run"]
try:
    CronSchedule(cron="0 6 * * *", timezone="right/Europe/Amsterdam")
    refused = ""
except ValueError as e:
    refused = str(e)
print("FLOE_FLOW " + json.dumps({
    "flow": ns["product_flow"].name, "deployment": deployment.name, "tags": sorted(deployment.tags),
    "schedules": [[s.schedule.cron, s.schedule.timezone, s.active] for s in deployment.schedules],
    "retries": task.retries, "retry_delay": task.retry_delay_seconds, "layers": ns["LAYERS"]["order"],
    "description": ns["product_flow"].description, "refused": refused}))
)py";

}  // namespace

TEST_CASE("orchestrator-prefect: floe compile --orchestrator-out writes the product's flow", "[orchestrator]") {
  json::value product = Examples().compile_run_location(kFlow, "floe_flow.py");
  CHECK(product.at("retries") == 1);
  CHECK(product.at("retry_delay_seconds") == 5);
  CHECK(product.at("local") == true);
  CHECK(product.at("schedule").at("timezone") == "Europe/Amsterdam");
}

TEST_CASE("orchestrator-prefect: a schedule timezone Prefect does not support is refused at its line",
          "[orchestrator]") {
  // Prefect's own schedule validation refuses it (the [prefect] case shows it).
  Examples().check_right_zone_refused("Prefect");
}

TEST_CASE("orchestrator-prefect: real Prefect loads the flow and runs customer-360 on DuckDB", "[prefect]") {
  Examples e;
  REQUIRE(e.compile(e.file()).exit_code == 0);
  fs::path home = e.tmp.path() / "prefect-home";
  fs::create_directories(home);
  const std::string python = kPrefectVenv + "/bin/python";
  INFO("Prefect is installed by scripts/bootstrap-prefect into " << kPrefectVenv);
  REQUIRE(fs::exists(kPrefectVenv + "/bin/prefect"));
  fs::path flow = e.out / kFlow;
  auto inspect = [&](const fs::path& location) {
    auto loaded = run_process("/bin/sh", {"-c", "cd '" + location.string() + "' && exec '" + python + "' -c \"$0\"", kInspect},
                              worker_env(home), std::chrono::minutes(2));
    INFO(loaded.out << loaded.err);
    REQUIRE(loaded.exit_code == 0);
    return json_after(loaded.out, "FLOE_FLOW ");
  };

  // A second product, its schedule disabled: its deployment's schedule is inactive.
  std::string second = e.second_product();
  std::string yaml = read_file(second);
  replace(yaml, "  enabled: true", "  enabled: false");
  write_file(second, yaml);
  REQUIRE(e.compile(second).exit_code == 0);
  CHECK(inspect(e.out / "sales-domain__sales-forecast").at("schedules") ==
        json::parse(R"([["0 6 * * *", "Europe/Amsterdam", false]])"));

  json::value f = inspect(flow);
  CHECK(f.at("flow") == kFlow);
  CHECK(f.at("deployment") == kFlow);
  CHECK(f.at("tags") == json::array{"customer-360", "floe", "sales-domain"});
  CHECK(f.at("schedules") == json::parse(R"([["0 6 * * *", "Europe/Amsterdam", true]])"));
  CHECK(f.at("retries") == 1);
  CHECK(f.at("retry_delay") == 5);
  CHECK(f.at("layers") == json::array{"bronze", "silver", "gold"});
  CHECK(std::string(f.at("description").as_string()).find("`POLARIS_CLIENT_SECRET`") != std::string::npos);
  CHECK(std::string(f.at("refused").as_string()).find("Invalid timezone: \"right/Europe/Amsterdam\"") !=
        std::string::npos);

  auto run = run_process("/bin/sh",
                         {"-c", "cd '" + flow.string() + "' && exec '" + python +
                                    "' -c \"import runpy; runpy.run_path('floe_flow.py')['product_flow']()\""},
                         worker_env(home), std::chrono::minutes(10));
  std::string log = run.out + run.err;
  INFO(log);
  REQUIRE(run.exit_code == 0);
  CHECK(log.find("Starting temporary server") != std::string::npos);
  CHECK(log.find("Task run 'gold.build") != std::string::npos);
  CHECK(log.find("Finished in state Completed()") != std::string::npos);
  CHECK(log.find(kPlantedSecret) == std::string::npos);
  CHECK(log.find("--wait --local --select ingestion:shop_orders") != std::string::npos);
  CHECK(customer_360_counts(kVenv, e) == "[48, 30, 48]\n");
}
