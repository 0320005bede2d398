// The orchestrator-dagster plugin: a product's compiled artifacts become a
// Dagster code location (definitions.py, the template installed beside this
// library, and floe_product.json, the product's data), which floe compile
// --orchestrator-out writes. Dagster itself is not linked or started here.
#include <boost/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "code_location.hpp"
#include "dagster_names.hpp"
#include "floe/plugin.hpp"
#include "runner_location.hpp"

namespace floe::orchestrator_dagster {
namespace {

namespace json = boost::json;
using floe::sdk::error;

constexpr char config_schema_json[] = R"json({"type": "object", "additionalProperties": false, "properties": {
  "floe_command": {"type": "string", "default": "floe",
                   "description": "The floe executable the code location's ingestion assets run (floe run --select ingestion:<source>): a command on the Dagster worker's PATH or an absolute path; FLOE_COMMAND in the worker's environment overrides it."},
  "default_schedule": {"type": "string",
                       "description": "A five-field cron (UTC) for products that declare no schedule (the Python alpha's key)."}
}})json";

void only_keys(const json::object& o, std::initializer_list<const char*> keys) {
  for (const auto& [k, v] : o) {
    bool known = false;
    for (const char* key : keys) known = known || k == key;
    if (!known) throw error(FLOE_ERR_INVALID_ARGUMENT, "unknown key '" + std::string(k) + "' in the request");
  }
}

std::string template_text() {
  std::filesystem::path path = plugin_support::runner_directory() / "definitions.py";
  std::ifstream in(path, std::ios::binary);
  if (!in) throw error(FLOE_ERR_NOT_FOUND, "the code location template " + path.string() + " is missing: reinstall the plugin");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The product's floe.yaml, when the request does not name it: the last
// link of the compiled inheritance chain.
std::string product_file_of(const json::object& artifacts) {
  const json::value* chain = artifacts.if_contains("inheritance");
  if (chain != nullptr && chain->is_object()) chain = chain->as_object().if_contains("chain");
  if (chain == nullptr || !chain->is_array() || chain->as_array().empty()) return {};
  const json::value& last = chain->as_array().back();
  const json::value* source = last.is_object() ? last.as_object().if_contains("source") : nullptr;
  return source != nullptr && source->is_string() ? std::string(source->as_string()) : std::string();
}

class dagster_orchestrator {
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

  explicit dagster_orchestrator(const json::object& config) {
    only_keys(config, {"floe_command", "default_schedule"});
    if (auto cron = floe::sdk::optional_string(config, "default_schedule")) default_schedule_ = *cron;
    if (auto command = floe::sdk::optional_string(config, "floe_command")) {
      if (command->empty()) throw error(FLOE_ERR_INVALID_CONFIG, "key 'floe_command': expected a non-empty string");
      floe_command_ = *command;
    }
  }

  json::value create_definitions(const json::value& request) {
    const auto& o = floe::sdk::as_object(request, "create_definitions request");
    only_keys(o, {"artifacts", "product_file"});
    const json::value* artifacts = o.if_contains("artifacts");
    if (artifacts == nullptr || !artifacts->is_object())
      throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'artifacts': expected the compiled artifacts object");
    location_request r{artifacts->as_object(),
                       floe::sdk::optional_string(o, "product_file").value_or(product_file_of(artifacts->as_object())),
                       floe_command_, default_schedule_};
    json::object location = code_location(r);
    json::object answer{{"files", json::array{json::object{{"path", "definitions.py"}, {"content", template_text()}},
                                              json::object{{"path", "floe_product.json"},
                                                           {"content", json::serialize(location) + "\n"}}}},
                        {"location", location.at("group")},
                        {"asset_prefix", location.at("asset_prefix")}};
    return answer;
  }

  // Keys without the product's prefix: create_definitions adds it.
  json::value create_assets_from_transforms(const json::value& request) {
    const auto& o = floe::sdk::as_object(request, "create_assets_from_transforms request");
    only_keys(o, {"transforms"});
    const json::value* transforms = o.if_contains("transforms");
    if (transforms == nullptr || !transforms->is_array())
      throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'transforms': expected an array");
    json::array assets;
    for (const auto& t : transforms->as_array()) {
      const auto& transform = floe::sdk::as_object(t, "a transform");
      json::array depends;
      if (const json::value* d = transform.if_contains("depends_on"); d != nullptr && d->is_array())
        for (const auto& dep : d->as_array())
          if (dep.is_string()) depends.push_back(json::string(dagster_name(std::string(dep.as_string()))));
      std::string name = floe::sdk::required_string(transform, "name");
      json::object metadata{{"dbt_name", name}};
      if (auto m = floe::sdk::optional_string(transform, "materialization")) metadata["materialization"] = *m;
      assets.push_back(json::object{{"key", dagster_name(name)}, {"depends_on", std::move(depends)},
                                    {"metadata", std::move(metadata)}});
    }
    return {{"assets", std::move(assets)}};
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

  json::value validate_connection(const json::value& request) {
    only_keys(floe::sdk::as_object(request, "validate_connection request"), {"timeout_ms"});
    return {{"status", "unknown"},
            {"latency_ms", 0},
            {"message", "orchestrator-dagster writes code locations and talks to no Dagster service"},
            {"warnings", json::array{}}};
  }

  json::value get_resource_requirements(const json::value& request) {
    const auto& o = floe::sdk::as_object(request, "get_resource_requirements request");
    only_keys(o, {"workload_size"});
    std::string size = floe::sdk::required_string(o, "workload_size");
    if (size == "small") return preset("250m", "500m", "512Mi", "1Gi");
    if (size == "medium") return preset("500m", "1", "1Gi", "2Gi");
    if (size == "large") return preset("1", "2", "2Gi", "4Gi");
    throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'workload_size': unknown size '" + size + "' (small, medium, large)");
  }

  json::value emit_lineage_event(const json::value&) {
    throw error(FLOE_ERR_NOT_IMPLEMENTED,
                "the platform's lineage_backend plugin sends floe's OpenLineage events; Dagster adds none of its own");
  }

  json::value schedule_job(const json::value& request) {
    const auto& o = floe::sdk::as_object(request, "schedule_job request");
    only_keys(o, {"job_name", "cron", "timezone"});
    std::string job = floe::sdk::required_string(o, "job_name");
    check_schedule(floe::sdk::required_string(o, "cron"), floe::sdk::required_string(o, "timezone"), "key 'schedule'");
    return {{"schedule_id", dagster_name(job) + "_schedule"}};
  }

  json::value generate_entry_point_code(const json::value& request) {
    const auto& o = floe::sdk::as_object(request, "generate_entry_point_code request");
    only_keys(o, {"product_name", "lineage_enabled", "iceberg_enabled"});
    floe::sdk::required_string(o, "product_name");
    return {{"files", json::array{json::object{{"path", "definitions.py"}, {"content", template_text()}}}}};
  }

 private:
  static json::value preset(const char* cpu, const char* cpu_limit, const char* memory, const char* memory_limit) {
    return {{"cpu_request", cpu}, {"cpu_limit", cpu_limit}, {"memory_request", memory}, {"memory_limit", memory_limit}};
  }

  std::string floe_command_ = "floe";
  std::string default_schedule_;
};

}  // namespace
}  // namespace floe::orchestrator_dagster

FLOE_PLUGIN(floe::orchestrator_dagster::dagster_orchestrator)
