// Calling plugin methods: taking a call's error and buffer apart, and the
// checks every method must pass (bad requests refused cleanly, health answers
// with a valid state). Part of floe-conformance.
#pragma once

#include <boost/json/value.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "floe/core.h"
#include "report.hpp"

namespace floe::conformance {

// nullopt (and the parser's reason in `why`) when `text` is not JSON.
std::optional<boost::json::value> parse(std::string_view text, std::string* why = nullptr);

struct CallResult {
  floe_status status = FLOE_OK;
  std::string message;
  floe_status error_code = FLOE_OK;  // error.code as filled by the callee
  bool out_empty = true;             // the output buffer was left untouched
  std::string response;
};

// Takes the error and buffer of a finished call apart and releases both.
CallResult collect(floe_status status, floe_error& err, floe_buffer& out);

using Caller = std::function<CallResult(const std::string& request)>;

// Calls `method` through `call` with malformed and mis-shaped requests ("{not
// json", "[]", "42", a 1 MB string): each must fail with a message, a matching
// error.code and an empty output. A method answering FLOE_ERR_NOT_IMPLEMENTED
// to all of them is not implemented: fine when optional, a failure when
// required. Checks are named "<prefix>.<method>(<request>)".
void bad_request_checks(Report& report, const Isolation& iso, const std::string& prefix, const std::string& method,
                        bool required, const Caller& call);

// A health check response: {"state": "healthy"|"degraded"|"unhealthy",
// "message"?: str, "details"?: {}}. Empty when `res` is one, else what is wrong.
std::string health_problem(const CallResult& res);
void check_health_response(Report& report, const std::string& check, const CallResult& res);

}  // namespace floe::conformance
