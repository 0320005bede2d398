// One run_checks of the great_expectations quality plugin: the product's
// dbt tests and output-port contracts validated by Great Expectations (the
// Python runner, runner/run_gx.py, in a child process) against the DuckDB
// database the run built, each check given the platform's severity.
#pragma once

#include <boost/json/object.hpp>

#include "floe/plugin.hpp"
#include "gx_config.hpp"

namespace floe::quality_gx {

// `request`: run_checks' request (docs/plugins/quality.md). Returns its
// response. Throws floe::sdk::error: INVALID_ARGUMENT for a request this
// engine cannot serve (no DuckDB connection, no manifest), NOT_FOUND when
// Python or Great Expectations is missing (naming the install step), IO when
// the runner fails, CANCELLED on the host's cancel.
boost::json::object validate_with_gx(const boost::json::value& request, const gx_config& config,
                                     const floe::sdk::host& host);

}  // namespace floe::quality_gx
