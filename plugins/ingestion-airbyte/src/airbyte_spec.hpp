// What the Airbyte runner is told (runner/run_airbyte.py reads it), and what
// of a create_pipeline request Airbyte can do. A source is read by Airbyte's
// File source connector and written by PyAirbyte, which checks no row
// contract: a source with `columns` (a floe contract) or a schema_contract
// other than evolve is refused, naming the key, rather than loaded unchecked.
#pragma once

#include <boost/json.hpp>

#include <string>
#include <vector>

#include "pipeline_definition.hpp"
#include "run_request.hpp"

namespace floe::ingestion_airbyte {

// Throws floe::sdk::error(FLOE_ERR_INVALID_ARGUMENT) naming the key.
void check_airbyte_can_load(const ingestion_dlt::pipeline_definition& definition);

// The spec; nothing secret is in it.
boost::json::object airbyte_spec(const ingestion_dlt::pipeline_definition& definition,
                                 const ingestion_dlt::run_request& request, const std::vector<std::string>& files,
                                 const std::string& connector, const std::string& scratch_dir);

}  // namespace floe::ingestion_airbyte
