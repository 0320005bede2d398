// FLOE_CHECK_OUTPUTS=1: what floe is about to write is held to the JSON
// Schema it publishes for it (docs/schemas/), before it is written. The test
// suites set it (tests/catch_session.cpp, tests/python/conftest.py), so every
// compiled_artifacts.json a test makes is validated; users may set it too.
#pragma once

#include <boost/json/value.hpp>

#include <string>
#include <string_view>

namespace floe {

// Whether FLOE_CHECK_OUTPUTS asks for the check (read once).
bool output_self_check_enabled();

// Throws std::logic_error, naming `path` and every mismatch, when `value` does
// not fit the shipped schema of `kind` ("compiled-artifacts", ...): a floe
// bug, which the C API reports as FLOE_ERR_INTERNAL (exit 1) instead of
// writing a file its own schema refuses. Does nothing when the check is off.
void check_own_output(std::string_view kind, const boost::json::value& value, const std::string& path);

}  // namespace floe
