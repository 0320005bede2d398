// The dbt-core plugin: floe's dbt runtime. Runs the dbt CLI of dbt-core as a
// child process with the profile floe generated, streams dbt's structured
// log to the host as node events, and reads run_results.json back. This file
// binds the dbt category's methods to the units that do the work.
#include "dbt_config.hpp"
#include "dbt_invocation.hpp"
#include "dbt_target.hpp"
#include "floe/plugin.hpp"
#include "runtime_health.hpp"

namespace floe::dbt_core {
namespace {

using dbt_common::artifact_path;

class dbt_core_runtime {
 public:
  static constexpr const char* capabilities[] = {"dbt-runtime:core", "node-events", "cancel", nullptr};

  static constexpr floe_plugin_descriptor descriptor = {
      sizeof(floe_plugin_descriptor),
      FLOE_ABI_VERSION,
      FLOE_CATEGORY_DBT,
      0,
      "core",  // plugins.dbt.type: core, the alpha's name and floe's default
      "0.1.0",
      "Runs the dbt-core CLI with floe's profile, streaming node results as events",
      capabilities,
      nullptr,
      config_schema_json,
  };

  dbt_core_runtime(const boost::json::object& config, floe::sdk::host& host)
      : config_(dbt_common::parse_cli_config(config)), host_(host) {}

  boost::json::value compile_project(const boost::json::value& request) {
    return invoke_dbt(Method::compile_project, floe::sdk::as_object(request, "compile_project request"), config_, host_);
  }
  boost::json::value run_models(const boost::json::value& request) {
    return invoke_dbt(Method::run_models, floe::sdk::as_object(request, "run_models request"), config_, host_);
  }
  boost::json::value test_models(const boost::json::value& request) {
    return invoke_dbt(Method::test_models, floe::sdk::as_object(request, "test_models request"), config_, host_);
  }
  boost::json::value get_manifest(const boost::json::value& request) {
    return artifact_path(request, "get_manifest request", "manifest.json", "manifest_path");
  }
  boost::json::value get_run_results(const boost::json::value& request) {
    return artifact_path(request, "get_run_results request", "run_results.json", "run_results_path");
  }
  boost::json::value get_runtime_metadata(const boost::json::value& request) {
    const auto& object = floe::sdk::as_object(request, "get_runtime_metadata request");
    if (!object.empty()) throw floe::sdk::error(FLOE_ERR_INVALID_ARGUMENT, "get_runtime_metadata takes no keys");
    return runtime_metadata(config_, "");
  }
  // Healthy when a dbt-core is installed where a run would look.
  boost::json::value health_check(const boost::json::value& request) {
    floe::sdk::as_object(request, "health_check request");
    return dbt_common::runtime_health([this] { return runtime_metadata(config_, ""); }, "dbt-core");
  }

 private:
  DbtConfig config_;
  floe::sdk::host& host_;
};

}  // namespace
}  // namespace floe::dbt_core

FLOE_PLUGIN(floe::dbt_core::dbt_core_runtime)
