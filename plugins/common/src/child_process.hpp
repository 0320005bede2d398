// Running a tool (dbt, a Python runner) as a child process from a plugin: no
// shell, its own process group, output streamed line by line, stopped on the
// host's cancel request or a time limit, never outliving the host.
//
// Plugins cannot link libfloe-core, so the reference plugins that drive
// external tools share this small library instead.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace floe::plugin_support {

struct ChildSpec {
  std::string executable;                    // absolute path, or a name looked up in PATH
  std::vector<std::string> args;             // argv[1..]
  std::string working_dir;                   // empty: the host's
  std::map<std::string, std::string> env;    // set on top of the host's environment
  std::vector<std::string> unset_env;        // removed from the host's environment
  // Zero: no limit. Past it the child is stopped as on cancel.
  std::chrono::milliseconds timeout{0};
  // After a cancel or the time limit the child gets SIGINT (dbt and Python
  // stop cleanly on it), then SIGTERM after `grace`, then SIGKILL after
  // another `grace`.
  std::chrono::milliseconds grace{10000};
};

struct ChildResult {
  int exit_code = -1;          // the child's exit status, -1 if a signal ended it
  int signal = 0;              // the signal that ended it, 0 if it exited
  bool cancelled = false;      // stopped because the host asked
  bool timed_out = false;      // stopped because of ChildSpec::timeout
  std::string stderr_tail;     // the last 16 KiB it wrote to stderr
  std::chrono::milliseconds elapsed{0};
};

// Callbacks: each complete stdout line (without its newline) as it arrives,
// and a cancel probe polled about every 100 ms. Either may be empty.
struct ChildHooks {
  std::function<void(const std::string& line)> on_line;
  std::function<bool()> cancel_requested;
};

// Starts the child and waits for it. A child that cannot be started (no such
// executable, not executable) is reported through the returned message, with
// nullopt; otherwise the result tells how it ended.
struct ChildLaunchError {
  std::string message;
};
std::optional<ChildResult> run_child(const ChildSpec& spec, const ChildHooks& hooks, ChildLaunchError& error);

// Looks `name` up in PATH (as execvp would); empty if not found.
std::string find_in_path(const std::string& name);

// True if `path` names an executable regular file.
bool is_executable_file(const std::string& path);

}  // namespace floe::plugin_support
