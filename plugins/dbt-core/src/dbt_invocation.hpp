// dbt-core as the runtime of a run_models / test_models / compile_project
// request: the dbt executable of the lookup (dbt_locator.hpp), dbt-core 1.5
// or newer, run by the shared CLI invocation (plugins/dbt-common); and the
// installed versions, asked of dbt's own Python.
#pragma once

#include <boost/json/object.hpp>

#include <string>

#include "dbt_config.hpp"
#include "dbt_request.hpp"
#include "dbt_session.hpp"
#include "floe/plugin.hpp"

namespace floe::dbt_core {

using dbt_common::Method;

// Runs dbt for `request`. Throws floe::sdk::error: INVALID_ARGUMENT for a bad
// request, NOT_FOUND when no usable dbt is installed, CANCELLED when the host
// asked to stop (dbt was stopped; its partial results stay on disk), TIMEOUT
// past timeout_seconds. A dbt that ran and reported failures is not an error:
// the response says success false. With config.session the command runs in
// `session` (dbt_session.hpp), else as a process of its own.
boost::json::object invoke_dbt(Method method, const boost::json::object& request, const DbtConfig& config,
                               const floe::sdk::host& host, DbtSession& session);

// {"dbt_version", "adapters": {name: version}, "executable"} from the
// package metadata of dbt's Python.
boost::json::object runtime_metadata(const DbtConfig& config, const std::string& project_dir);

}  // namespace floe::dbt_core
