// The parts of running a child that run_child (one tool run to its end),
// child_session (one long-lived tool answering many requests) and the
// isolated-plugin host share: starting it with chosen descriptors, reading
// its streams as lines, and stopping its group. Internal to floe_base, plugins/common's
// child_session and libfloe-core's plugin process.
#ifndef FLOE_BASE_CHILD_SPAWN_HPP
#define FLOE_BASE_CHILD_SPAWN_HPP

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/child_process.hpp"

namespace floe::base::detail {

class unique_fd {
 public:
  unique_fd() = default;
  explicit unique_fd(int fd) : fd_(fd) {}
  unique_fd(const unique_fd&) = delete;
  unique_fd& operator=(const unique_fd&) = delete;
  unique_fd(unique_fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  unique_fd& operator=(unique_fd&& other) noexcept;
  ~unique_fd() { reset(); }
  int get() const { return fd_; }
  void reset();

 private:
  int fd_ = -1;
};

// Splits one stream into lines for its handler (which may be swapped
// between two requests of a session).
class line_splitter {
 public:
  explicit line_splitter(const std::function<void(std::string_view)>* handler) : handler_(handler) {}
  void set_handler(const std::function<void(std::string_view)>* handler) { handler_ = handler; }
  void feed(const char* data, std::size_t size);
  void finish();

 private:
  void deliver();
  const std::function<void(std::string_view)>* handler_;
  std::string pending_;
  bool skipping_ = false;
};

// Where one stream's bytes go: to `lines`, or, when `capture` is set, kept
// as they came up to `capture_limit` bytes (the rest read and dropped,
// `truncated` set).
struct stream {
  unique_fd fd;
  line_splitter lines;
  bool open = true;
  std::string* capture = nullptr;
  std::size_t capture_limit = 0;
  bool truncated = false;
};

// Waits up to `budget` for any open stream to have data, and reads it.
void pump(std::vector<stream*>& streams, std::chrono::milliseconds budget);
bool any_open(const std::vector<stream*>& streams);

// True once the child has exited (left as a zombie, not reaped, so that its
// process group id cannot be reused while we signal the group).
bool has_exited(pid_t pid);

// Waits for the child and says how it ended; a child that was stopped for a
// timeout or a cancel is reported as that.
child_outcome reap(pid_t pid, child_outcome::kind how_if_normal);

// How to start a process: `descriptors[i]` becomes its descriptor i (one
// source may serve two numbers, and may sit on a target number); every other
// descriptor of this process stays behind. Signals start from their defaults
// and an empty mask.
struct process_start {
  std::string program;             // executed as given (an absolute path)
  std::vector<std::string> args;   // after argv[0], which is `program`
  const std::vector<std::string>* environment = nullptr;  // null: this process's own
  std::string working_directory;   // "" = this process's
  std::vector<int> descriptors;
  bool own_process_group = true;   // a stop of its group reaches what it starts
  // PR_SET_PDEATHSIG: it is killed when the *thread* that started it ends,
  // so only for a child that thread waits for.
  bool dies_with_starting_thread = true;
};

// A started process's pid; pid < 0: it did not start, `failure` says why
// (its `code` is the errno).
struct started_process {
  pid_t pid = -1;
  child_outcome failure;
};

started_process start_process(const process_start& how);

// A started child: its pid and the read ends of its stdout, stderr and
// event pipe (non-blocking). pid < 0: it did not start, `failure` says why.
struct spawned_child {
  pid_t pid = -1;
  unique_fd out, err, events;
  child_outcome failure;
};

// Starts `command` (its timeout and cancel are the caller's to apply) with
// `input` as its standard input (the caller keeps its own descriptor). The
// program is executed as given (an absolute path: find_in_path first).
spawned_child spawn(const child_command& command, int input);

// Stops the child's whole group: SIGINT (dbt and Python stop cleanly on it),
// SIGTERM after `grace`, SIGKILL after another, reading its streams all the
// while; then reaps it as `how`.
child_outcome stop_group(pid_t pid, std::vector<stream*>& streams, std::chrono::milliseconds grace,
                         child_outcome::kind how);

// After the child exited: stops what it left behind in its group, reads what
// is still buffered (up to a second), and reaps it.
child_outcome finish_exited(pid_t pid, std::vector<stream*>& streams);

// write(2) with SIGPIPE blocked for this thread, and a SIGPIPE it raised
// taken back: a peer that died is an EPIPE to report, not the end of floe.
ssize_t write_without_sigpipe(int fd, const char* data, std::size_t size);

}  // namespace floe::base::detail

#endif  // FLOE_BASE_CHILD_SPAWN_HPP
