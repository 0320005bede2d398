// One run of a pipeline: find the files and the interpreter, write the
// runner's spec into a scratch directory, run the runner as a child
// process, and turn what it reported into the run response.
#ifndef FLOE_INGESTION_DLT_DLT_RUN_HPP
#define FLOE_INGESTION_DLT_DLT_RUN_HPP

#include <boost/json.hpp>

#include "floe/plugin.hpp"
#include "pipeline_definition.hpp"
#include "plugin_config.hpp"
#include "run_request.hpp"

namespace floe::ingestion_dlt {

// Never throws for a problem of the data or the machine (missing files, no
// dlt, a failed load, a timeout): those are errors in the response, with
// success false. Throws floe::sdk::error only when the plugin itself cannot
// work (no scratch directory).
boost::json::object run_pipeline(const pipeline_definition& definition, const run_request& request,
                                 const plugin_config& config, const floe::sdk::host& host);

}  // namespace floe::ingestion_dlt

#endif  // FLOE_INGESTION_DLT_DLT_RUN_HPP
