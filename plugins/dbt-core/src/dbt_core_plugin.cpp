// The dbt-core plugin: floe's dbt runtime. Runs dbt-core's commands with the
// profile floe generated (in one dbt process for the instance,
// dbt_session.hpp), streams dbt's structured log to the host as node events,
// and reads run_results.json back. This file
// says what is dbt-core's; the methods are bound in plugins/dbt-common.
#include "dbt_config.hpp"
#include "dbt_invocation.hpp"
#include "dbt_runtime_plugin.hpp"
#include "runtime_health.hpp"

namespace floe::dbt_core {

struct dbt_core_runtime {
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

  using config_type = DbtConfig;
  using state_type = DbtSession;  // one dbt process for the instance's invocations
  static DbtConfig parse_config(const boost::json::object& config) { return parse_dbt_config(config); }
  static boost::json::object invoke(Method method, const boost::json::object& request, const DbtConfig& config,
                                    const floe::sdk::host& host, DbtSession& session) {
    return invoke_dbt(method, request, config, host, session);
  }
  static boost::json::object metadata(const DbtConfig& config, const floe::sdk::host&) {
    return runtime_metadata(config, "");
  }
  // Healthy when a dbt-core is installed where a run would look.
  static boost::json::value health(const DbtConfig& config, const floe::sdk::host& host) {
    return dbt_common::runtime_health([&] { return metadata(config, host); },
                                       [](const auto& meta) { return dbt_common::installed_at("dbt-core", meta); });
  }
};

}  // namespace floe::dbt_core

FLOE_PLUGIN(floe::dbt_common::runtime_plugin<floe::dbt_core::dbt_core_runtime>)
