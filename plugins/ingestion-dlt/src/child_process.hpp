// Runs one program as a child process with three output pipes (stdout,
// stderr, and an event pipe as file descriptor 3), no shell, and a time
// limit. The child never outlives the caller: it dies with the calling
// thread (PR_SET_PDEATHSIG), and on timeout its whole process group is
// stopped (SIGTERM, then SIGKILL).
#ifndef FLOE_INGESTION_DLT_CHILD_PROCESS_HPP
#define FLOE_INGESTION_DLT_CHILD_PROCESS_HPP

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace floe::ingestion_dlt {

// The file descriptor the child finds its event pipe on.
inline constexpr int child_event_fd = 3;

struct child_command {
  std::string program;              // absolute path; never searched on PATH here
  std::vector<std::string> args;    // argv[1..]; argv[0] is `program`
  std::vector<std::string> environment;  // complete, as NAME=value
  std::string working_directory;
  std::chrono::milliseconds timeout{0};
  // How long a child has between SIGTERM and SIGKILL after the timeout.
  std::chrono::milliseconds grace{std::chrono::seconds(5)};
};

// Receives each complete line (without its newline) as it arrives. Lines
// longer than max_line_bytes are cut there.
struct child_line_handlers {
  std::function<void(std::string_view)> event, out, err;
};
inline constexpr std::size_t max_line_bytes = 1 << 20;

struct child_outcome {
  enum class kind { exited, signalled, timed_out, not_started };
  kind how = kind::not_started;
  int code = 0;             // exit status, signal number, or errno of a start failure
  std::string start_error;  // for not_started: what failed (strerror text)
};

// Runs `command` to its end (or its timeout) and returns how it ended.
child_outcome run_child(const child_command& command, const child_line_handlers& handlers);

}  // namespace floe::ingestion_dlt

#endif  // FLOE_INGESTION_DLT_CHILD_PROCESS_HPP
