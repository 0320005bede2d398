// Which plugin code the current thread is running, so a crash inside a
// plugin (SIGSEGV, SIGABRT, ...) can be attributed to it instead of taking
// the host down silently. Plugins run in-process (the fast path); the host
// marks every call into plugin code with a PluginCallScope, and
// floe_install_crash_handler() (floe/registry.h) turns a fatal signal inside
// such a scope into one line naming plugin, category and method, then exits
// with the code the caller chose.
#pragma once

namespace floe {

// Strings must outlive the scope (they are read from a signal handler, so
// they are never copied or freed there).
struct PluginCallContext {
  const char* category;  // "compute"
  const char* plugin;    // "duckdb"
  const char* method;    // "generate_dbt_profile", "init", "instance_new", ...
};

class PluginCallScope {
 public:
  explicit PluginCallScope(const PluginCallContext& context);
  ~PluginCallScope();
  PluginCallScope(const PluginCallScope&) = delete;
  PluginCallScope& operator=(const PluginCallScope&) = delete;

 private:
  const PluginCallContext* previous_;
};

// "SIGSEGV (invalid memory access)" for the signals a plugin crash raises
// (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT); nullptr for any other.
// Static strings: safe in a signal handler.
const char* fatal_signal_description(int sig);

// Installs the handlers (idempotent; the last exit code wins). false if the
// alternate signal stack or a handler could not be set.
bool install_crash_handler(int exit_code);

}  // namespace floe
