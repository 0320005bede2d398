// The orchestrator-prefect plugin: a product's compiled artifacts become a
// Prefect flow and its deployment (floe_flow.py, the template installed
// beside this library, floe_layers.py, and floe_product.json, the product's
// data), which floe compile --orchestrator-out writes. Prefect itself is not
// linked or started here.
#include <boost/json.hpp>

#include "floe/plugin.hpp"
#include "product_artifacts.hpp"
#include "run_orchestrator.hpp"

namespace floe::orchestrator_prefect {
namespace {

namespace json = boost::json;

class prefect_orchestrator : public orchestrator_common::run_orchestrator {
 public:
  static constexpr const char* capabilities[] = {"flows:prefect", "tasks:dbt-layers", "schedules:iana-timezones",
                                                 nullptr};

  static constexpr floe_plugin_descriptor descriptor = {
      sizeof(floe_plugin_descriptor),
      FLOE_ABI_VERSION,
      FLOE_CATEGORY_ORCHESTRATOR,
      0,
      "prefect",
      "0.1.0",
      "Prefect flows from compiled artifacts: ingestion sources and one task per dbt layer running floe run, the "
      "deployment's cron schedule in its timezone, retries from the platform (Prefect 3.8)",
      capabilities,
      nullptr,
      orchestrator_common::run_settings_schema,
  };

  explicit prefect_orchestrator(const json::object& config)
      : run_orchestrator("Prefect", "floe_flow.py", config) {}

  // A starting point for Prefect's prefect-server Helm chart; workers that
  // serve the flows floe writes are the deployment's to add.
  json::value get_helm_values(const json::value& request) {
    orchestrator_common::only_keys(floe::sdk::as_object(request, "get_helm_values request"), {});
    return {{"values", json::object{{"server", json::object{{"replicaCount", 1}}}}}};
  }
};

}  // namespace
}  // namespace floe::orchestrator_prefect

FLOE_PLUGIN(floe::orchestrator_prefect::prefect_orchestrator)
