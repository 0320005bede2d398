// The dbt-fusion plugin: dbt Fusion (dbt Labs' Rust engine, one native
// binary) as floe's dbt runtime. Runs the binary with the profile floe
// generated, streams its structured log (--log-format json, the same events
// as dbt-core's) to the host as node events, and reads run_results.json
// back. This file binds the dbt category's methods to the units that do
// the work.
#include "dbt_target.hpp"
#include "floe/plugin.hpp"
#include "runtime_health.hpp"
#include "fusion_config.hpp"
#include "fusion_invocation.hpp"

namespace floe::dbt_fusion {
namespace {

using dbt_common::artifact_path;
using dbt_common::Method;

class dbt_fusion_runtime {
 public:
  static constexpr const char* capabilities[] = {"dbt-runtime:fusion", "node-events", "cancel", nullptr};

  static constexpr floe_plugin_descriptor descriptor = {
      sizeof(floe_plugin_descriptor),
      FLOE_ABI_VERSION,
      FLOE_CATEGORY_DBT,
      0,
      "fusion",  // plugins.dbt.type: fusion, the alpha's name
      "0.1.0",
      "Runs the dbt Fusion engine with floe's profile, streaming node results as events",
      capabilities,
      nullptr,
      config_schema_json,
  };

  dbt_fusion_runtime(const boost::json::object& config, floe::sdk::host& host)
      : config_(parse_fusion_config(config)), host_(host) {}

  boost::json::value compile_project(const boost::json::value& request) {
    return invoke_fusion(Method::compile_project, floe::sdk::as_object(request, "compile_project request"), config_, host_);
  }
  boost::json::value run_models(const boost::json::value& request) {
    return invoke_fusion(Method::run_models, floe::sdk::as_object(request, "run_models request"), config_, host_);
  }
  boost::json::value test_models(const boost::json::value& request) {
    return invoke_fusion(Method::test_models, floe::sdk::as_object(request, "test_models request"), config_, host_);
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
    return fusion_metadata(config_);
  }
  // Healthy when a Fusion binary is installed where a run would look.
  boost::json::value health_check(const boost::json::value& request) {
    floe::sdk::as_object(request, "health_check request");
    return dbt_common::runtime_health([this] { return fusion_metadata(config_); }, "dbt Fusion");
  }

 private:
  FusionConfig config_;
  floe::sdk::host& host_;
};

}  // namespace
}  // namespace floe::dbt_fusion

FLOE_PLUGIN(floe::dbt_fusion::dbt_fusion_runtime)
