// Before dbt starts: the platform's compute answers (its plugin's
// validate_connection: a Spark master that accepts connections and a Java
// to start the driver, a warehouse's endpoint; not DuckDB, which runs in
// the dbt process). A compute that does not is one FLOE-X115 diagnostic naming it
// and what its plugin found, instead of a dbt run that fails minutes later
// deep in a JVM's stack trace.
#pragma once

#include "run/run_context.hpp"

namespace floe::run {

// True when the compute answers (or says only that it cannot tell);
// false after an X115 diagnostic (or the X101/X102 of a plugin that cannot
// be opened). Adds a line to `stage` either way.
bool compute_answers(RunContext& ctx, Stage& stage);

}  // namespace floe::run
