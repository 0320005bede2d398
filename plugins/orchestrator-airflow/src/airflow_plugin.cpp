// The orchestrator-airflow plugin: a product's compiled artifacts become an
// Airflow DAG (floe_dag.py, the template installed beside this library,
// floe_layers.py, and floe_product.json, the product's data), which floe
// compile --orchestrator-out writes. Airflow itself is not linked or started.
#include <boost/json.hpp>

#include "floe/plugin.hpp"
#include "product_artifacts.hpp"
#include "run_orchestrator.hpp"

namespace floe::orchestrator_airflow {
namespace {

namespace json = boost::json;

class airflow_orchestrator : public orchestrator_common::run_orchestrator {
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
      orchestrator_common::run_settings_schema,
  };

  explicit airflow_orchestrator(const json::object& config)
      : run_orchestrator("Airflow", "floe_dag.py", config) {}

  // A starting point for the Apache Airflow Helm chart: the DAGs floe
  // writes come from a persistent volume (or git-sync) the deployment sets.
  json::value get_helm_values(const json::value& request) {
    orchestrator_common::only_keys(floe::sdk::as_object(request, "get_helm_values request"), {});
    return {{"values", json::object{{"executor", "KubernetesExecutor"},
                                    {"dags", json::object{{"persistence", json::object{{"enabled", true}}}}}}}};
  }
};

}  // namespace
}  // namespace floe::orchestrator_airflow

FLOE_PLUGIN(floe::orchestrator_airflow::airflow_orchestrator)
