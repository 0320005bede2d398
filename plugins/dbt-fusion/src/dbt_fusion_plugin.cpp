// The dbt-fusion plugin: dbt Fusion (dbt Labs' Rust engine, one native
// binary) as floe's dbt runtime. Runs the binary with the profile floe
// generated, streams its structured log (--log-format json, the same events
// as dbt-core's) to the host as node events, and reads run_results.json
// back. This file says what is Fusion's; the methods are bound in
// plugins/dbt-common.
#include "dbt_runtime_plugin.hpp"
#include "fusion_config.hpp"
#include "fusion_invocation.hpp"
#include "runtime_health.hpp"

namespace floe::dbt_fusion {

struct dbt_fusion_runtime {
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

  using config_type = FusionConfig;
  static FusionConfig parse_config(const boost::json::object& config) { return parse_fusion_config(config); }
  static boost::json::object invoke(dbt_common::Method method, const boost::json::object& request,
                                    const FusionConfig& config, const floe::sdk::host& host) {
    return invoke_fusion(method, request, config, host);
  }
  static boost::json::object metadata(const FusionConfig& config, const floe::sdk::host&) {
    return fusion_metadata(config);
  }
  // Healthy when a Fusion binary is installed where a run would look.
  static boost::json::value health(const FusionConfig& config, const floe::sdk::host& host) {
    return dbt_common::runtime_health([&] { return metadata(config, host); },
                                       [](const auto& meta) { return dbt_common::installed_at("dbt Fusion", meta); });
  }
};

}  // namespace floe::dbt_fusion

FLOE_PLUGIN(floe::dbt_common::runtime_plugin<floe::dbt_fusion::dbt_fusion_runtime>)
