// A long-lived child that answers requests one at a time: a request is one
// line on its standard input; its output lines go to the caller's handlers
// until the line that ends the answer. For a tool whose start costs more
// than most of its work (dbt-core: 1.5-3 s of Python imports per start),
// started once and asked many times.
//
// The guarantees of run_child hold: no shell, nothing of the host's
// inherited, its own process group, it dies with the thread that started it,
// and a request past its time limit or cancelled stops the whole group (the
// session then ends; the next start begins a new one). Its input is a socket,
// so a child that died never raises SIGPIPE in the host.
#ifndef FLOE_PLUGIN_SUPPORT_CHILD_SESSION_HPP
#define FLOE_PLUGIN_SUPPORT_CHILD_SESSION_HPP

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string_view>

#include "base/child_process.hpp"

namespace floe::base::detail {
struct stream;
}

namespace floe::plugin_support {

// The child-process types are floe_base's (base/child_process.hpp).
using base::child_command;
using base::child_line_handlers;
using base::child_outcome;
namespace detail = base::detail;

// How a request ended: answered (the end line came; the child runs on), or
// the child ended first (`ended` says how: it exited or was killed, or it
// was stopped for the time limit or a cancel).
struct session_answer {
  bool answered = false;
  child_outcome ended;
};

class child_session {
 public:
  child_session();
  child_session(const child_session&) = delete;
  child_session& operator=(const child_session&) = delete;
  // Ends the child: its input closed (a well-behaved child exits on that),
  // stopped if it has not exited a few seconds later.
  ~child_session();

  // True while a started child has not exited.
  bool running();

  // Starts `command`; its timeout and cancel are not used (each request has
  // its own). Any earlier child is ended first. kind::not_started on failure.
  child_outcome start(const child_command& command);

  // Writes `request` and a newline, then hands every line the child writes to
  // `handlers` until `is_end` accepts a line of its standard output (that line
  // is not handed on). `timeout` zero: no limit.
  session_answer ask(std::string_view request, const child_line_handlers& handlers,
                     const std::function<bool(std::string_view)>& is_end, std::chrono::milliseconds timeout,
                     std::chrono::milliseconds grace, const std::function<bool()>& cancel_requested);

  // Ends the child now, as the destructor does.
  void stop();

 private:
  pid_t pid_ = -1;
  int input_ = -1;
  std::unique_ptr<detail::stream> out_, err_, events_;
};

}  // namespace floe::plugin_support

#endif  // FLOE_PLUGIN_SUPPORT_CHILD_SESSION_HPP
