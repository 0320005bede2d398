#include "airbyte_spec.hpp"

#include "floe/plugin.hpp"

namespace floe::ingestion_airbyte {

void check_airbyte_can_load(const ingestion_dlt::pipeline_definition& definition) {
  if (!definition.columns.empty())
    throw floe::sdk::error(
        FLOE_ERR_INVALID_ARGUMENT,
        "key 'source_config.columns': the airbyte plugin loads rows as Airbyte reads them and checks "
        "no contract; leave the source's columns out, or select the dlt ingestion plugin, which does");
  if (definition.schema_contract != "evolve")
    throw floe::sdk::error(FLOE_ERR_INVALID_ARGUMENT, "key 'schema_contract': '" + definition.schema_contract +
                                                          "' is not offered by the airbyte plugin (Airbyte evolves the "
                                                          "table with the source); leave it out or give evolve");
}

boost::json::object airbyte_spec(const ingestion_dlt::pipeline_definition& definition,
                                 const ingestion_dlt::run_request& request, const std::vector<std::string>& files,
                                 const std::string& connector, const std::string& scratch_dir) {
  return {
      {"format", definition.format},
      {"files", boost::json::array(files.begin(), files.end())},
      {"table", definition.destination_table},
      {"write_mode", definition.write_mode},
      {"primary_key", boost::json::array(definition.merge_keys.begin(), definition.merge_keys.end())},
      {"database", request.destination.database},
      {"dataset", request.dataset},
      {"connector", connector},
      {"scratch_dir", scratch_dir},
  };
}

}  // namespace floe::ingestion_airbyte
