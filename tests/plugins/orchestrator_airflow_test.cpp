// orchestrator-airflow through `floe compile --orchestrator-out`: the DAG of
// examples/customer-360 (3-tier, sales domain) beside another product's of
// the same domain, imported by real Airflow (DagBag: no import errors, the
// schedule, timezone and retries as the product and platform say) and run by
// it on DuckDB (`airflow dags test`: each task runs floe run), the tables
// checked; and the refusals: a timezone Airflow does not support (at its
// floe.yaml line), two products that would produce the same DAG id.
//
// The Airflow case ([airflow]) is one ctest of its own, labelled external
// and airflow: Airflow lives in its own virtualenv (.cache/airflow-venv,
// scripts/bootstrap-airflow) and takes ~40 s to run the product.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <filesystem>

#include "orchestrator_examples.hpp"

using namespace floe::test;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

const std::string kVenv = FLOE_TEST_VENV;
const std::string kAirflowVenv = FLOE_TEST_AIRFLOW_VENV;
constexpr const char* kDagId = "sales-domain__customer-360";

// The examples with the enterprise platform selecting Airflow (approved for
// every domain), 3 retries 45 s apart.
struct Examples : OrchestratorExamples {
  Examples() : OrchestratorExamples("dags") {
    select_orchestrator("airflow", "{retries: 3, retry_delay_seconds: 45, local: true}");
  }
};

// floe and dbt on PATH as on an Airflow worker, Airflow's state in `home`;
// a secret the platform references set, to show it never reaches the DAG.
std::map<std::string, std::string> worker_env(const fs::path& home, const fs::path& dags) {
  return {{"PATH", std::string(FLOE_TEST_BIN_DIR) + ":" + kVenv + "/bin:/usr/local/bin:/usr/bin:/bin"},
          {"VIRTUAL_ENV", ""},
          {"AIRFLOW_HOME", home.string()},
          {"AIRFLOW__CORE__DAGS_FOLDER", dags.string()},
          {"AIRFLOW__CORE__LOAD_EXAMPLES", "False"},
          {"OPENLINEAGE_DISABLED", "true"},
          {"POLARIS_CLIENT_SECRET", kPlantedSecret}};
}

// What Airflow's DagBag makes of the DAGs folder, as JSON on stdout.
constexpr const char* kInspect = R"py(
import json, sys
from airflow.dag_processing.dagbag import DagBag
bag = DagBag(dag_folder=sys.argv[1])
dags = {}
for dag in bag.dags.values():
    tt = dag.timetable
    dags[dag.dag_id] = {
        "cron": tt.expression, "timezone": tt.timezone.name, "timetable": type(tt).__name__,
        "paused": dag.is_paused_upon_creation, "tags": sorted(dag.tags), "doc": dag.doc_md,
        "tasks": {t.task_id: {"retries": t.retries, "retry_delay": t.retry_delay.total_seconds(),
                              "upstream": sorted(t.upstream_task_ids), "args": list(t.op_args),
                              "outlets": [o.uri for o in t.outlets]} for t in dag.tasks}}
print("FLOE_DAGBAG " + json.dumps({"errors": {k: str(v) for k, v in bag.import_errors.items()}, "dags": dags}))
)py";  // Airflow logs to stdout too: the answer is the line after FLOE_DAGBAG

json::value inspect(const fs::path& home, const fs::path& dags) {
  auto r = run_process(kAirflowVenv + "/bin/python", {"-c", kInspect, dags.string()}, worker_env(home, dags),
                       std::chrono::minutes(2));
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  return json_after(r.out, "FLOE_DAGBAG ");
}

}  // namespace

TEST_CASE("orchestrator-airflow: floe compile --orchestrator-out writes the product's DAG", "[orchestrator]") {
  Examples e;
  json::value product = e.compile_run_location(kDagId, "floe_dag.py");
  CHECK(product.at("retries") == 3);
  CHECK(product.at("retry_delay_seconds") == 45);
  CHECK(product.at("local") == true);
  CHECK(product.at("schedule") == json::parse(R"({"cron": "0 6 * * *", "timezone": "Europe/Amsterdam", "enabled": true})"));
  CHECK(product.at("ingestion").as_array().size() == 4);
  CHECK(product.at("file_layers").at("order") == json::array{"bronze", "silver", "gold"});
  CHECK(product.at("output_tables") == json::array{"gold_customer_360", "gold_customer_orders"});
  // The platform's secrets are named by their environment variables only.
  CHECK(read_file(e.out / kDagId / "floe_product.json").find("\"env_var\":\"POLARIS_CLIENT_SECRET\"") !=
        std::string::npos);
  CHECK(e.compile(e.file()).exit_code == 0);  // compiling again changes nothing
  REQUIRE(e.compile(e.second_product()).exit_code == 0);
  CHECK(fs::exists(e.out / "sales-domain__sales-forecast" / "floe_dag.py"));
}

TEST_CASE("orchestrator-airflow: a schedule timezone Airflow does not support is refused at its line",
          "[orchestrator]") {
  // floe takes right/Europe/Amsterdam (it is in this machine's tz database);
  // Airflow's own tzdata does not carry it (the [airflow] case shows pendulum
  // refusing it there), so a worker without the system database could not
  // import the DAG.
  Examples().check_right_zone_refused("Airflow");
}

TEST_CASE("orchestrator-airflow: two products with the same DAG id in one directory name both", "[orchestrator]") {
  Examples e;
  REQUIRE(e.compile(e.file()).exit_code == 0);
  // The same product name from another directory: the same DAG id.
  copy_tree(e.product, e.tmp.path() / "customer-360-copy");
  std::string copy = (e.tmp.path() / "customer-360-copy" / "floe.yaml").string();
  auto r = e.compile(copy);
  INFO(r.out << r.err);
  CHECK(r.exit_code == 3);
  CHECK(has_code(r, "FLOE-P607", "products customer-360 (" + e.file() + ") and customer-360 (" + copy +
                                     ") would both produce the airflow names " + kDagId));
  // The first product's DAG is untouched.
  json::value product = json::parse(read_file(e.out / kDagId / "floe_product.json"));
  CHECK(product.at("product_file").as_string() == e.file());
}

TEST_CASE("orchestrator-airflow: retries out of range in the platform are refused at the manifest's line",
          "[orchestrator]") {
  OrchestratorExamples e("dags");
  e.select_orchestrator("airflow", "{retries: -1, retry_delay_seconds: 45}");
  auto r = e.compile(e.file());
  INFO(r.out << r.err);
  CHECK(r.exit_code == 3);
  json::value report = json::parse(r.out);
  const json::object* d = find_diagnostic(report, "FLOE-P604");
  REQUIRE(d != nullptr);
  CHECK(std::string(d->at("message").as_string()).find("retries: -1 is below the minimum 0") != std::string::npos);
  CHECK(std::string(d->at("file").as_string()).find("enterprise/manifest.yaml") != std::string::npos);
  CHECK_FALSE(fs::exists(e.out));
}

TEST_CASE("orchestrator-airflow: real Airflow imports the DAGs and runs customer-360 on DuckDB", "[airflow]") {
  Examples e;
  REQUIRE(e.compile(e.file()).exit_code == 0);
  // A second product, its schedule disabled: its DAG is paused on creation.
  std::string second = e.second_product();
  std::string yaml = read_file(second);
  replace(yaml, "  enabled: true", "  enabled: false");
  write_file(second, yaml);
  REQUIRE(e.compile(second).exit_code == 0);  // two products, one DAGs folder
  fs::path home = e.tmp.path() / "airflow-home";
  fs::create_directories(home);
  const std::string airflow = kAirflowVenv + "/bin/airflow";
  INFO("Airflow is installed by scripts/bootstrap-airflow into " << kAirflowVenv);
  REQUIRE(fs::exists(airflow));

  json::value bag = inspect(home, e.out);
  CHECK(bag.at("errors").as_object().empty());
  REQUIRE(bag.at("dags").as_object().contains(kDagId));
  REQUIRE(bag.at("dags").as_object().contains("sales-domain__sales-forecast"));
  CHECK(bag.at("dags").at("sales-domain__sales-forecast").at("paused") == true);
  const json::value& dag = bag.at("dags").at(kDagId);
  CHECK(dag.at("timetable") == "CronTriggerTimetable");
  CHECK(dag.at("cron") == "0 6 * * *");
  CHECK(dag.at("timezone") == "Europe/Amsterdam");
  CHECK(dag.at("paused") == false);
  CHECK(dag.at("tags") == json::array{"customer-360", "floe", "sales-domain"});
  const json::object& tasks = dag.at("tasks").as_object();
  CHECK(tasks.size() == 7);  // 4 ingestion sources, 3 dbt layers
  for (const auto& [id, task] : tasks) {
    CHECK(task.at("retries") == 3);
    CHECK(task.at("retry_delay").as_double() == 45.0);
  }
  CHECK(tasks.at("ingestion.shop_orders").at("args") == json::array{"ingestion:shop_orders"});
  CHECK(tasks.at("bronze.build").at("upstream").as_array().size() == 4);
  CHECK(tasks.at("silver.build").at("upstream") == json::array{"bronze.build"});
  CHECK(tasks.at("gold.build").at("upstream") == json::array{"silver.build"});
  CHECK(tasks.at("gold.build").at("outlets") ==
        json::array{"floe://sales-domain/customer-360/gold_customer_360", "floe://sales-domain/customer-360/gold_customer_orders"});
  CHECK(std::string(dag.at("doc").as_string()).find("Layers from the model files floe found") != std::string::npos);
  CHECK(std::string(dag.at("doc").as_string()).find("`POLARIS_CLIENT_SECRET`") != std::string::npos);

  // Airflow's own tzdata (no system database: PYTHONTZPATH elsewhere) has
  // the product's zone and not the one floe refuses for Airflow.
  std::map<std::string, std::string> env = worker_env(home, e.out);
  env["PYTHONTZPATH"] = (e.tmp.path() / "no-zoneinfo").string();
  auto zones = run_process(kAirflowVenv + "/bin/python",
                           {"-c", "import pendulum\nprint(pendulum.timezone('Europe/Amsterdam').name)\n"
                                  "pendulum.timezone('right/Europe/Amsterdam')"},
                           env, std::chrono::minutes(1));
  INFO(zones.out << zones.err);
  CHECK(zones.out == "Europe/Amsterdam\n");
  CHECK(zones.exit_code != 0);
  CHECK(zones.err.find("InvalidTimezone: right/Europe/Amsterdam") != std::string::npos);

  auto migrate = run_process(airflow, {"db", "migrate"}, worker_env(home, e.out), std::chrono::minutes(3));
  INFO(migrate.out << migrate.err);
  REQUIRE(migrate.exit_code == 0);
  auto run = run_process(airflow, {"dags", "test", kDagId}, worker_env(home, e.out), std::chrono::minutes(10));
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  CHECK((run.out + run.err).find("state=success") != std::string::npos);
  CHECK((run.out + run.err).find(kPlantedSecret) == std::string::npos);
  CHECK((run.out + run.err).find("--wait --local --select gold_customer_360 --select gold_customer_orders") !=
        std::string::npos);

  CHECK(customer_360_counts(kVenv, e) == "[48, 30, 48]\n");
  // The last task's floe run left its run record: a success.
  json::value record = json::parse(read_file(e.product / "target" / "floe_run.json"));
  CHECK(record.at("status") == "success");

  // dbt has written the manifest: the DAG's layers now come from it.
  json::value after = inspect(home, e.out);
  CHECK(after.at("errors").as_object().empty());
  CHECK(std::string(after.at("dags").at(kDagId).at("doc").as_string()).find("Layers from the dbt manifest") !=
        std::string::npos);
  CHECK(after.at("dags").at(kDagId).at("tasks").at("gold.build").at("upstream") == json::array{"silver.build"});
}
