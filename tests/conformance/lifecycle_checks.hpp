// A plugin's life beyond one call: init more than once in a process, many
// instances made and freed, and distinct instances used from several threads
// at once (what docs/abi.md#threads promises a host may do). Each check runs
// in a child process; under the kit's sanitizer builds (ASan, TSan) a memory
// error or a data race there ends the child and fails the check. Part of
// floe-conformance.
#pragma once

#include <string>
#include <vector>

#include "floe/registry.h"
#include "method_specs.hpp"
#include "report.hpp"

namespace floe::conformance {

// One implemented method and the valid request the kit sends it.
struct SampleCall {
  std::string method;
  size_t slot_index;  // in the category's method table
  bool required;
  const MethodSpec* spec;
  std::string request;
};

// Everything the checks need to make instances both ways.
struct Target {
  std::string category, name;
  std::string config;                 // as given, for the registry
  std::string completed_config;       // with the schema's defaults, for instance_new
  floe_registry_options options{};    // its extra_roots must outlive the checks
  floe_plugin_init_fn init = nullptr; // the library's entry point
  std::vector<SampleCall> calls;
};

// init kInits times (each floe_plugin kept, as a host with several
// registries keeps them), 200 instances made and freed across them with a
// call on each, then three registries opened, used and freed; no crash, every
// answer as good as the first one, and (when the process has LeakSanitizer)
// no leak.
void repeated_lifecycle_check(Report& report, const Isolation& iso, const Target& target);

// Four threads, each with an instance of its own (two made directly after
// their own init, two through registries of their own), call every method and
// health_check in a loop at the same time; no crash, every answer as good as
// a single-threaded one.
void concurrency_check(Report& report, const Isolation& iso, const Target& target);

}  // namespace floe::conformance
