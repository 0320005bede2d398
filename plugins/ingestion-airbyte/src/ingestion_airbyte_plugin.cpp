// The ingestion-airbyte plugin: a product's ingestion sources (CSV, JSON
// Lines or Parquet files) loaded into the compute's DuckDB by Airbyte for
// real: Airbyte's File source connector reads them and PyAirbyte writes the
// records (airbyte_run.hpp). The request shapes are the ingestion category's,
// read by the same units as ingestion-dlt's (floe_ingestion_dlt_logic).
#include <map>
#include <mutex>

#include "airbyte_config.hpp"
#include "airbyte_run.hpp"
#include "airbyte_spec.hpp"
#include "floe/plugin.hpp"
#include "pipeline_definition.hpp"
#include "run_request.hpp"

namespace floe::ingestion_airbyte {
namespace {

class airbyte_ingestion {
 public:
  static constexpr const char* capabilities[] = {"source:filesystem", "format:csv",         "format:jsonl",
                                                 "format:parquet",    "destination:duckdb", nullptr};
  static constexpr floe_plugin_descriptor descriptor = {
      sizeof(floe_plugin_descriptor),
      FLOE_ABI_VERSION,
      FLOE_CATEGORY_INGESTION,
      0,
      "airbyte",
      "0.1.0",
      "Loads CSV, JSON Lines and Parquet files into the compute's raw tables with Airbyte (PyAirbyte and its File "
      "source connector)",
      capabilities,
      nullptr,
      kAirbyteConfigSchema,
  };

  airbyte_ingestion(const boost::json::object& config, floe::sdk::host& host)
      : config_(parse_airbyte_config(config)), host_(host) {}

  boost::json::value create_pipeline(const boost::json::value& request) {
    ingestion_dlt::pipeline_definition definition = ingestion_dlt::parse_pipeline_request(request);
    check_airbyte_can_load(definition);
    std::string id = ingestion_dlt::pipeline_id_of(definition);
    std::lock_guard lock(mutex_);
    pipelines_.insert_or_assign(id, std::move(definition));
    return {{"pipeline_id", id}};
  }

  boost::json::value run(const boost::json::value& request) {
    ingestion_dlt::run_request parsed = ingestion_dlt::parse_run_request(request);
    ingestion_dlt::pipeline_definition definition;
    {
      std::lock_guard lock(mutex_);
      auto it = pipelines_.find(parsed.pipeline_id);
      if (it == pipelines_.end())
        throw floe::sdk::error(FLOE_ERR_NOT_FOUND, "no pipeline '" + parsed.pipeline_id +
                                                       "' in this instance: create_pipeline returns the ids, which "
                                                       "last as long as the plugin instance");
      definition = it->second;
    }
    return run_with_airbyte(definition, parsed, config_, host_);
  }

 private:
  airbyte_config config_;
  floe::sdk::host& host_;
  std::mutex mutex_;
  std::map<std::string, ingestion_dlt::pipeline_definition> pipelines_;
};

}  // namespace
}  // namespace floe::ingestion_airbyte

FLOE_PLUGIN(floe::ingestion_airbyte::airbyte_ingestion)
