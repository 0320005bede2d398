// The ingestion-dlt plugin: a product's ingestion sources become dlt
// pipelines that load into the platform's compute. This file only binds
// the floe ingestion methods to the units that do the work.
#include <map>
#include <mutex>

#include "config_schema.hpp"
#include "dlt_run.hpp"
#include "floe/plugin.hpp"
#include "pipeline_definition.hpp"
#include "plugin_config.hpp"
#include "run_request.hpp"

namespace floe::ingestion_dlt {
namespace {

class dlt_ingestion {
 public:
  static constexpr const char* capabilities[] = {"source:filesystem", "format:csv",        "format:jsonl",
                                                 "format:parquet",    "destination:duckdb", nullptr};

  static constexpr floe_plugin_descriptor descriptor = {
      sizeof(floe_plugin_descriptor),
      FLOE_ABI_VERSION,
      FLOE_CATEGORY_INGESTION,
      0,
      "dlt",
      "0.1.0",
      "Loads CSV, JSON Lines and Parquet files into the compute's raw tables with dlt (dlt[duckdb] 1.x)",
      capabilities,
      nullptr,
      config_schema_json,
  };

  dlt_ingestion(const boost::json::object& config, floe::sdk::host& host)
      : config_(parse_plugin_config(config)), host_(host) {}

  boost::json::value create_pipeline(const boost::json::value& request) {
    pipeline_definition definition = parse_pipeline_request(request);
    std::string id = pipeline_id_of(definition);
    std::lock_guard lock(mutex_);
    pipelines_.insert_or_assign(id, std::move(definition));
    return {{"pipeline_id", id}};
  }

  boost::json::value run(const boost::json::value& request) {
    run_request parsed = parse_run_request(request);
    pipeline_definition definition;
    {
      std::lock_guard lock(mutex_);
      auto it = pipelines_.find(parsed.pipeline_id);
      if (it == pipelines_.end())
        throw floe::sdk::error(FLOE_ERR_NOT_FOUND, "no pipeline '" + parsed.pipeline_id +
                                                       "' in this instance: create_pipeline returns the ids, which "
                                                       "last as long as the plugin instance");
      definition = it->second;
    }
    return run_pipeline(definition, parsed, config_, host_);
  }

 private:
  plugin_config config_;
  floe::sdk::host& host_;
  std::mutex mutex_;
  std::map<std::string, pipeline_definition> pipelines_;
};

}  // namespace
}  // namespace floe::ingestion_dlt

FLOE_PLUGIN(floe::ingestion_dlt::dlt_ingestion)
