// One run of a pipeline with Airbyte: find the files, PyAirbyte's Python and
// the File source connector, write the runner's spec into a scratch
// directory, run the runner as a child process, and turn what it reported
// into the run response (the ingestion category's shape, as ingestion-dlt's
// run_report builds it from the same runner events).
#pragma once

#include <boost/json.hpp>

#include "airbyte_config.hpp"
#include "floe/plugin.hpp"
#include "pipeline_definition.hpp"
#include "run_request.hpp"

namespace floe::ingestion_airbyte {

// Never throws for a problem of the data or the machine (missing files, no
// PyAirbyte or connector, a failed read or load, a timeout): those are
// errors in the response, with success false. Throws floe::sdk::error for a
// cancel, and when the plugin itself cannot work (no scratch directory).
boost::json::object run_with_airbyte(const ingestion_dlt::pipeline_definition& definition,
                                     const ingestion_dlt::run_request& request, const airbyte_config& config,
                                     const floe::sdk::host& host);

}  // namespace floe::ingestion_airbyte
