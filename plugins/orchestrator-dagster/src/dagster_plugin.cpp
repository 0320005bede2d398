// The orchestrator-dagster plugin: a product's compiled artifacts become a
// Dagster code location (definitions.py, the template installed beside this
// library, and floe_product.json, the product's data), which floe compile
// --orchestrator-out writes. Dagster itself is not linked or started here.
#include <boost/json.hpp>
#include <cctype>


#include "code_location.hpp"
#include "dagster_deployment.hpp"
#include "dagster_names.hpp"
#include "file_orchestrator.hpp"
#include "floe/plugin.hpp"
#include "product_artifacts.hpp"

namespace floe::orchestrator_dagster {
namespace {

namespace json = boost::json;
using floe::sdk::error;
using orchestrator_common::only_keys;
using orchestrator_common::product_file_of;

constexpr char config_schema_json[] = R"json({"type": "object", "additionalProperties": false, "properties": {
  "floe_command": {"type": "string", "default": "floe",
                   "description": "The floe executable the code location's ingestion assets run (floe run --select ingestion:<source>): a command on the Dagster worker's PATH or an absolute path; FLOE_COMMAND in the worker's environment overrides it."},
  "default_schedule": {"type": "string",
                       "description": "A five-field cron (UTC) for products that declare no schedule (the Python alpha's key)."},
  "image": {"type": "string", "default": "docker.io/dagster/dagster-k8s:1.13.27",
            "description": "The image of the webserver and the daemon floe platform deploy renders."},
  "postgres_storage": {"type": "string", "default": "8Gi",
                       "description": "The volume of the instance database floe platform deploy renders (a Kubernetes quantity)."}
}})json";

class dagster_orchestrator : public orchestrator_common::file_orchestrator {
 public:
  static constexpr const char* capabilities[] = {"code-location:dagster", "assets:dagster-dbt", "schedules:iana-timezones",
                                                 nullptr};

  static constexpr floe_plugin_descriptor descriptor = {
      sizeof(floe_plugin_descriptor),
      FLOE_ABI_VERSION,
      FLOE_CATEGORY_ORCHESTRATOR,
      0,
      "dagster",
      "0.1.0",
      "Dagster code locations from compiled artifacts: dbt models through dagster-dbt, ingestion sources as floe run "
      "assets, the schedule (Dagster 1.13)",
      capabilities,
      nullptr,
      config_schema_json,
  };

  explicit dagster_orchestrator(const json::object& config)
      : file_orchestrator("definitions.py") {
    only_keys(config, {"floe_command", "default_schedule", "image", "postgres_storage"});
    if (auto image = floe::sdk::optional_string(config, "image")) {
      if (image->empty()) throw error(FLOE_ERR_INVALID_CONFIG, "key 'image': expected an image reference");
      deployment_.image = *image;
    }
    if (auto size = floe::sdk::optional_string(config, "postgres_storage")) {
      if (size->empty() || size->find_first_not_of("0123456789.KMGTPEik") != std::string::npos || !std::isdigit(static_cast<unsigned char>((*size)[0])))
        throw error(FLOE_ERR_INVALID_CONFIG, "key 'postgres_storage': expected a Kubernetes quantity such as 8Gi");
      deployment_.postgres_storage = *size;
    }
    if (auto cron = floe::sdk::optional_string(config, "default_schedule")) default_schedule_ = *cron;
    if (auto command = floe::sdk::optional_string(config, "floe_command")) {
      if (command->empty()) throw error(FLOE_ERR_INVALID_CONFIG, "key 'floe_command': expected a non-empty string");
      floe_command_ = *command;
    }
  }

  json::value create_definitions(const json::value& request) {
    definitions_request d = read_definitions_request(request);
    json::object location = code_location({d.artifacts, d.product_file, floe_command_, default_schedule_});
    return definitions_answer(location, location.at("group"), location.at("asset_prefix"));
  }

  // Keys without the product's prefix: create_definitions adds it.
  json::value create_assets_from_transforms(const json::value& request) {
    return assets_from_transforms(request, dagster_name);
  }

  // Values for Dagster's Helm chart: the webserver and daemon, and a user
  // code deployment per product added by floe platform deploy.
  json::value get_helm_values(const json::value& request) {
    only_keys(floe::sdk::as_object(request, "get_helm_values request"), {});
    return {{"values", json::object{{"dagsterWebserver", json::object{{"replicaCount", 1}}},
                                    {"dagsterDaemon", json::object{{"enabled", true}}},
                                    {"dagster-user-deployments",
                                     json::object{{"enabled", true}, {"deployments", json::array{}}}}}}};
  }




  // floe platform deploy: the webserver, daemon, instance database and a
  // code server per product (dagster_deployment.hpp).
  json::value get_k8s_workloads(const json::value& request) {
    const auto& o = floe::sdk::as_object(request, "get_k8s_workloads request");
    only_keys(o, {"namespace", "platform", "endpoint", "secrets", "products"});
    return dagster_workloads(deployment_, o);
  }

 private:
  std::string floe_command_ = "floe";
  deployment_settings deployment_;
  std::string default_schedule_;
};

}  // namespace
}  // namespace floe::orchestrator_dagster

FLOE_PLUGIN(floe::orchestrator_dagster::dagster_orchestrator)
