// One dbt-core process for all of a plugin instance's invocations (a run's
// build, contract checks and lake operations): runner/dbt_session.py, started
// with the interpreter of the dbt the lookup found, runs each dbt command line
// with dbt's Python entry point and logs exactly what the dbt command would.
// It saves dbt's start (1.5-3 s of imports) on every invocation after the
// first; each invocation still loads the project (dbt's partial parse).
//
// A session that started Spark in its process (dbt-spark's `session` method)
// serves only the profile and target it started it for; a request for
// another target goes to a new session.
//
// Where the session cannot start (no Python shebang on dbt, no runner
// installed, a dbt too old for dbtRunner), the command runs as a child of
// its own, as with `session: false`.
#pragma once

#include <cstdint>
#include <string>

#include "base/child_process.hpp"
#include "child_session.hpp"

namespace floe::dbt_core {

class DbtSession {
 public:
  // Runs `command` (the dbt executable and its arguments, environment,
  // directory, limits) and says how it ended, as run_child does.
  base::child_outcome run(const base::child_command& command,
                                    const base::child_line_handlers& handlers);

 private:
  struct Attempt {
    base::child_outcome outcome;
    // The session did not run it: it asked to restart, or ended before
    // dbt logged a line.
    bool unserved = false;
  };
  bool start(const base::child_command& command);
  Attempt ask(const base::child_command& command, const base::child_line_handlers& handlers);

  plugin_support::child_session session_;
  bool unusable_ = false;  // it could not start here: every command runs on its own
  std::uint64_t requests_ = 0;
};

// The interpreter a Python console script (dbt) names in its "#!" line;
// empty when it names none.
std::string python_of_script(const std::string& script);

}  // namespace floe::dbt_core
