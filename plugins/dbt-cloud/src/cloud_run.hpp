// A run_models / test_models / compile_project request run as a dbt Cloud
// job run: the request's dbt command as the run's one step, the run waited
// for (bounded, cancellable: the cloud run is cancelled when floe stops or
// gives up), its run_results.json and manifest.json fetched into the
// project's target directory, and the same node events and response the
// CLI runtimes give.
#pragma once

#include <boost/json/object.hpp>

#include "cloud_config.hpp"
#include "dbt_request.hpp"
#include "floe/plugin.hpp"

namespace floe::dbt_cloud {

// Throws floe::sdk::error: INVALID_ARGUMENT (a bad request), NOT_FOUND (the
// token's reference resolves to nothing; no such account, job or run),
// UNAUTHORIZED (the token is refused), UNAVAILABLE (dbt Cloud unreachable or
// failing past the retries), TIMEOUT (a request, or the run past
// timeout_seconds: then the run is cancelled), CANCELLED (the host asked to
// stop: the run is cancelled). A run that ends in error or is cancelled in
// dbt Cloud is a response with success false, not an error.
boost::json::object invoke_cloud(dbt_common::Method method, const boost::json::object& request,
                                 const CloudConfig& config, const floe::sdk::host& host);

// get_runtime_metadata: {"dbt_version": the job's (or "" when it follows its
// environment's), "adapters": {}, "executable": the job's API URL, "job_name"},
// asked of dbt Cloud. Throws as invoke_cloud.
boost::json::object cloud_metadata(const CloudConfig& config, const floe::sdk::host& host);

}  // namespace floe::dbt_cloud
