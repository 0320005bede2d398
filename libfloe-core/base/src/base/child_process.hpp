// Running a tool (dbt, a Python runner) as a child process from a plugin:
// three output pipes (stdout, stderr, and an event pipe as file descriptor
// 3), no shell, nothing else of the host's inherited, its own process group,
// a time limit and the host's cancel request. The child never outlives the
// caller: it dies with the calling thread (PR_SET_PDEATHSIG), and on timeout
// or cancel its whole process group is stopped: SIGINT (dbt and Python stop
// cleanly on it), then SIGTERM after `grace`, then SIGKILL after another.
//
// One implementation for all of floe (floe_base): the plugins' tools (dbt,
// Python runners), and libfloe-core's kubectl and docker credential helpers
// (run_program).
#ifndef FLOE_BASE_CHILD_PROCESS_HPP
#define FLOE_BASE_CHILD_PROCESS_HPP

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace floe::base {

// The file descriptor the child finds its event pipe on.
inline constexpr int child_event_fd = 3;

struct child_command {
  std::string program;              // absolute path; never searched on PATH here
  std::vector<std::string> args;    // argv[1..]; argv[0] is `program`
  std::vector<std::string> environment;  // complete, as NAME=value
  std::string working_directory;
  std::chrono::milliseconds timeout{0};  // zero: no limit
  // How long a child has after SIGINT before SIGTERM, and after SIGTERM
  // before SIGKILL, once it is being stopped.
  std::chrono::milliseconds grace{std::chrono::seconds(5)};
  // Asked every 200 ms; true stops the child as the timeout does.
  std::function<bool()> cancel_requested;
};

// Receives each complete line (without its newline) as it arrives. Lines
// longer than max_line_bytes are cut there.
struct child_line_handlers {
  std::function<void(std::string_view)> event, out, err;
};
inline constexpr std::size_t max_line_bytes = 1 << 20;

struct child_outcome {
  enum class kind { exited, signalled, timed_out, cancelled, not_started };
  kind how = kind::not_started;
  // exit status or signal number (for timed_out and cancelled: how it ended
  // once stopped), or errno of a start failure
  int code = 0;
  std::string start_error;  // for not_started: what failed (strerror text)
};

// Runs `command` to its end (or its timeout, or a cancel) and returns how it ended.
child_outcome run_child(const child_command& command, const child_line_handlers& handlers);

// What run_program kept of a child's output.
struct program_output {
  std::string out, err;
  bool out_truncated = false, err_truncated = false;
};

// Runs `command` to its end (or its timeout, or a cancel) with `input` on
// its standard input (at most 64 KiB: it is written whole before the child
// is read, which a pipe's buffer holds) and keeps its stdout and stderr as
// they came, up to max_out and max_err bytes. For tools whose whole answer
// the caller parses (kubectl -o json, a docker credential helper).
child_outcome run_program(const child_command& command, std::string_view input, std::size_t max_out,
                          std::size_t max_err, program_output& output);

// This process's environment with `overrides` set on top and `removed`
// taken out, as child_command::environment wants it.
std::vector<std::string> environment_with(const std::map<std::string, std::string>& overrides,
                                          const std::vector<std::string>& removed = {});

// Looks `name` up in PATH as execvp would (a name with a '/' is taken as
// given); empty if there is no executable file of that name.
std::string find_in_path(const std::string& name);

// True if `path` names an executable regular file.
bool is_executable_file(const std::string& path);

}  // namespace floe::base

#endif  // FLOE_BASE_CHILD_PROCESS_HPP
