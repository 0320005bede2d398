// The orchestrator-airflow plugin: a product's compiled artifacts become an
// Airflow DAG (floe_dag.py, the template installed beside this library, and
// floe_product.json, the product's data), which floe compile
// --orchestrator-out writes. Airflow itself is not linked or started here.
#include <boost/json.hpp>

#include "dag_product.hpp"
#include "file_orchestrator.hpp"
#include "floe/plugin.hpp"
#include "product_artifacts.hpp"

namespace floe::orchestrator_airflow {
namespace {

namespace json = boost::json;
using floe::sdk::error;
using orchestrator_common::only_keys;

constexpr const char* kTemplate = "floe_dag.py";

constexpr char config_schema_json[] = R"json({"type": "object", "additionalProperties": false, "properties": {
  "floe_command": {"type": "string", "default": "floe",
                   "description": "The floe executable the DAG's tasks run (floe run --select ...): a command on the Airflow worker's PATH or an absolute path; FLOE_COMMAND in the worker's environment overrides it."},
  "retries": {"type": "integer", "minimum": 0, "maximum": 100, "default": 2,
              "description": "How often Airflow retries a failed task (an ingestion source or a dbt layer)."},
  "retry_delay_seconds": {"type": "integer", "minimum": 0, "maximum": 86400, "default": 300,
                          "description": "Seconds between a task's failure and its retry."}
}})json";

int bounded_int(const json::object& config, const char* key, int fallback, int max) {
  const json::value* v = config.if_contains(key);
  if (v == nullptr) return fallback;
  if (!v->is_int64() || v->as_int64() < 0 || v->as_int64() > max)
    throw error(FLOE_ERR_INVALID_CONFIG, std::string("key '") + key + "': expected an integer from 0 to " + std::to_string(max));
  return static_cast<int>(v->as_int64());
}

class airflow_orchestrator : public orchestrator_common::file_orchestrator {
 public:
  static constexpr const char* capabilities[] = {"dags:airflow", "task-groups:dbt-layers", "schedules:iana-timezones",
                                                 nullptr};

  static constexpr floe_plugin_descriptor descriptor = {
      sizeof(floe_plugin_descriptor),
      FLOE_ABI_VERSION,
      FLOE_CATEGORY_ORCHESTRATOR,
      0,
      "airflow",
      "0.1.0",
      "Airflow DAGs from compiled artifacts: ingestion sources and one task group per dbt layer running floe run, "
      "the schedule in its timezone, retries from the platform (Airflow 3.3)",
      capabilities,
      nullptr,
      config_schema_json,
  };

  explicit airflow_orchestrator(const json::object& config)
      : file_orchestrator("orchestrator-airflow", "DAG files", "Airflow", kTemplate) {
    only_keys(config, {"floe_command", "retries", "retry_delay_seconds"});
    if (auto command = floe::sdk::optional_string(config, "floe_command")) {
      if (command->empty()) throw error(FLOE_ERR_INVALID_CONFIG, "key 'floe_command': expected a non-empty string");
      settings_.floe_command = *command;
    }
    settings_.retries = bounded_int(config, "retries", settings_.retries, 100);
    settings_.retry_delay_seconds = bounded_int(config, "retry_delay_seconds", settings_.retry_delay_seconds, 86400);
  }

  json::value create_definitions(const json::value& request) {
    definitions_request d = read_definitions_request(request);
    json::object product = dag_product({d.artifacts, d.product_file, settings_});
    json::array prefix;  // [domain,] product: the tags but "floe"
    const json::array& tags = product.at("tags").as_array();
    for (std::size_t i = 0; i + 1 < tags.size(); ++i) prefix.push_back(tags[i]);
    return definitions_answer(product, product.at("dag_id"), std::move(prefix));
  }

  // Task ids of the transforms (the DAG itself groups them per dbt layer).
  json::value create_assets_from_transforms(const json::value& request) {
    return assets_from_transforms(request, task_id_of);
  }

  // A starting point for the Apache Airflow Helm chart: the DAGs floe
  // writes come from a persistent volume (or git-sync) the deployment sets.
  json::value get_helm_values(const json::value& request) {
    only_keys(floe::sdk::as_object(request, "get_helm_values request"), {});
    return {{"values", json::object{{"executor", "KubernetesExecutor"},
                                    {"dags", json::object{{"persistence", json::object{{"enabled", true}}}}}}}};
  }




  // In Airflow a schedule belongs to its DAG: the DAG id is the schedule's.
  json::value schedule_job(const json::value& request) {
    const auto& o = floe::sdk::as_object(request, "schedule_job request");
    only_keys(o, {"job_name", "cron", "timezone"});
    std::string job = floe::sdk::required_string(o, "job_name");
    airflow_cron(floe::sdk::required_string(o, "cron"), floe::sdk::required_string(o, "timezone"), "key 'schedule'");
    return {{"schedule_id", task_id_of(job)}};
  }


 private:
  dag_settings settings_;
};

}  // namespace
}  // namespace floe::orchestrator_airflow

FLOE_PLUGIN(floe::orchestrator_airflow::airflow_orchestrator)
