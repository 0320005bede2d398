// One dbt invocation (dbt run, build, seed, snapshot, test or compile) for a
// run_models / test_models / compile_project request: the command line, the
// child process, the node events streamed to the host as dbt reports them,
// and the response built from run_results.json.
#pragma once

#include <boost/json/object.hpp>

#include <string>

#include "dbt_config.hpp"
#include "floe/plugin.hpp"

namespace floe::dbt_core {

// The request keys a method takes (docs/plugins/dbt.md); anything else is
// refused with FLOE_ERR_INVALID_ARGUMENT naming the key.
enum class Method { run_models, test_models, compile_project };

// Runs dbt for `request`. Throws floe::sdk::error: INVALID_ARGUMENT for a bad
// request, NOT_FOUND when no usable dbt is installed, CANCELLED when the host
// asked to stop (dbt was stopped; its partial results stay on disk), TIMEOUT
// past timeout_seconds. A dbt that ran and reported failures is not an error:
// the response says success false.
boost::json::object invoke_dbt(Method method, const boost::json::object& request, const DbtConfig& config,
                               const floe::sdk::host& host);

// {"dbt_version", "adapters": {name: version}, "executable"} from `dbt --version`.
boost::json::object runtime_metadata(const DbtConfig& config, const std::string& project_dir);

// <project_dir>/<target-path of dbt_project.yml, else "target">.
std::string dbt_target_dir(const std::string& project_dir);

}  // namespace floe::dbt_core
