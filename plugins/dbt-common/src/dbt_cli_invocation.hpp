// One run of a local dbt CLI (dbt-core's or Fusion's) for a run_models /
// test_models / compile_project request: the child process, the node events
// streamed to the host as dbt logs them, and the response built from
// run_results.json. The runtimes differ only in the executable they find
// and in what they accept as theirs, which they hand in as a DbtCli.
#pragma once

#include <boost/json/object.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "base/child_process.hpp"
#include "dbt_log_events.hpp"
#include "dbt_request.hpp"
#include "floe/plugin.hpp"

namespace floe::dbt_common {

struct DbtCli {
  std::string program;  // the executable, found by the runtime's lookup
  std::vector<std::string> options;  // after the common ones (dbt_cli_arguments)
  // Added to dbt's environment where the request's env does not set the
  // same name, as are floe's defaults (no usage statistics, no version check).
  std::map<std::string, std::string> environment;
  std::chrono::seconds timeout{0};  // 0: no limit
  std::chrono::seconds cancel_grace{10};
  // Once the log said which dbt it is (engine, version): "" when this
  // runtime drives it, else why not (the call then fails with
  // FLOE_ERR_NOT_FOUND and that message).
  std::function<std::string(const DbtLogReader&)> check_engine;
  // Runs the command line; base::run_child when empty. dbt-core
  // hands in its session here (one dbt process for many invocations).
  std::function<base::child_outcome(const base::child_command&,
                                              const base::child_line_handlers&)>
      run;
};

// Runs `cli` for `call`. Throws floe::sdk::error: NOT_FOUND when the program
// cannot start, does not log as dbt does or is refused by check_engine;
// CANCELLED when the host asked to stop (dbt was stopped; its partial results
// stay on disk); TIMEOUT past cli.timeout. A dbt that ran and reported
// failures is not an error: the response says success false, with its
// exit_code and error (dbt's last error lines).
boost::json::object invoke_dbt_cli(Method method, const DbtCall& call, const DbtCli& cli,
                                   const floe::sdk::host& host);

}  // namespace floe::dbt_common
