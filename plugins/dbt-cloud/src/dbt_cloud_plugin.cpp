// The dbt-cloud plugin: a dbt Cloud job as floe's dbt runtime. Each
// run_models / test_models / compile_project triggers a run of the
// configured job with the request's dbt command as its step, waits for it,
// and maps its run_results.json to the node events and response the local
// runtimes give. This file says what is dbt Cloud's; the methods are bound
// in plugins/dbt-common.
#include "cloud_config.hpp"
#include "cloud_run.hpp"
#include "dbt_runtime_plugin.hpp"
#include "json_fields.hpp"
#include "runtime_health.hpp"

namespace floe::dbt_cloud {

struct dbt_cloud_runtime {
  static constexpr const char* capabilities[] = {"dbt-runtime:cloud", "node-events", "cancel", nullptr};

  static constexpr floe_plugin_descriptor descriptor = {
      sizeof(floe_plugin_descriptor),
      FLOE_ABI_VERSION,
      FLOE_CATEGORY_DBT,
      0,
      "cloud",  // plugins.dbt.type: cloud
      "0.1.0",
      "Runs dbt as a dbt Cloud job over its Administrative API, mapping the run's results to node events",
      capabilities,
      nullptr,
      config_schema_json,
  };

  using config_type = CloudConfig;
  static CloudConfig parse_config(const boost::json::object& config) { return parse_cloud_config(config); }
  static boost::json::object invoke(dbt_common::Method method, const boost::json::object& request,
                                    const CloudConfig& config, const floe::sdk::host& host) {
    return invoke_cloud(method, request, config, host);
  }
  static boost::json::object metadata(const CloudConfig& config, const floe::sdk::host& host) {
    return cloud_metadata(config, host);
  }
  // Healthy when dbt Cloud accepts the token and knows the job.
  static boost::json::value health(const CloudConfig& config, const floe::sdk::host& host) {
    return dbt_common::runtime_health([&] { return metadata(config, host); }, [&](const boost::json::object& meta) {
      return "dbt Cloud job " + std::to_string(config.job_id) + " (" + dbt_common::str(meta, "job_name") + ") at " +
             config.base_url;
    });
  }
};

}  // namespace floe::dbt_cloud

FLOE_PLUGIN(floe::dbt_common::runtime_plugin<floe::dbt_cloud::dbt_cloud_runtime>)
