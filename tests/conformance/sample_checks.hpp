// Valid requests: each method gets the sample request the category spec
// yields (or the user's --request), and its answer is judged against the
// documented response. Part of floe-conformance.
#pragma once

#include <string>
#include <vector>

#include "call_checks.hpp"
#include "method_specs.hpp"

namespace floe::conformance {

struct Verdict {
  char kind;  // 'P' pass, 'W' warn, 'F' fail (Report::emit's letters)
  std::string detail;
};

// The verdict on `res`, the answer of `method` (required or optional) to a
// valid request:
//   OK: the response parses, is an object, and has every required key of
//       `spec` with a documented kind (and, for a choice of literals, one of them);
//   a documented refusal of the method ("| error NOT_FOUND"): pass;
//   a refusal a valid request may meet without a fault in the plugin
//       (NOT_FOUND, ALREADY_EXISTS, INVALID_STATE, IO, INVALID_CONFIG): warn,
//       naming the reason; the response shape is then unchecked;
//   a refusal that says a service did not answer (UNAVAILABLE, TIMEOUT,
//       UNAUTHORIZED): warn as above when the plugin declares the service it
//       fronts (a capability "service:<what>") or that it answers no live
//       method ("config-only"; declare_fronted_services), or the method is
//       optional; otherwise a required method that can never succeed: fail;
//   NOT_IMPLEMENTED: pass when optional, fail when required;
//   anything else (INVALID_ARGUMENT above all: a valid request refused): fail.
// A refusal must also be clean: a message, a matching error.code, no output.
Verdict judge_valid_answer(const MethodSpec& spec, bool required, const CallResult& res);

// The plugin's "service:<what>" and "config-only" capabilities
// (floe_registry_info's "capabilities"): why it declares it cannot answer
// here. Set once, before the calls are judged.
void declare_fronted_services(std::vector<std::string> services);

// Sends `request` through `call` in a child and reports the verdict as
// "<prefix>.<method>(sample)" (or "(--request)" when the user gave it).
void valid_request_check(Report& report, const Isolation& iso, const std::string& prefix, const MethodSpec& spec,
                         bool required, const std::string& request, bool user_request, const Caller& call);

}  // namespace floe::conformance
