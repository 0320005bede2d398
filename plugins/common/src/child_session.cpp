#include "child_session.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "base/child_spawn.hpp"

namespace floe::plugin_support {
namespace {

using clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// How long a child whose input was closed has to exit before it is stopped.
constexpr milliseconds kQuitGrace{3000};

}  // namespace

child_session::child_session() = default;

child_session::~child_session() { stop(); }

bool child_session::running() { return pid_ > 0 && !detail::has_exited(pid_); }

child_outcome child_session::start(const child_command& command) {
  stop();
  child_outcome failed;
  int ends[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0) {
    failed.code = errno;
    failed.start_error = std::string("cannot create a socket pair: ") + std::strerror(failed.code);
    return failed;
  }
  detail::spawned_child child = detail::spawn(command, ends[1]);
  ::close(ends[1]);
  if (child.pid < 0) {
    ::close(ends[0]);
    return child.failure;
  }
  pid_ = child.pid;
  input_ = ends[0];
  ::fcntl(input_, F_SETFL, ::fcntl(input_, F_GETFL) | O_NONBLOCK);
  out_ = std::make_unique<detail::stream>(detail::stream{std::move(child.out), detail::line_splitter(nullptr)});
  err_ = std::make_unique<detail::stream>(detail::stream{std::move(child.err), detail::line_splitter(nullptr)});
  events_ = std::make_unique<detail::stream>(detail::stream{std::move(child.events), detail::line_splitter(nullptr)});
  child_outcome running;
  running.how = child_outcome::kind::exited;
  return running;
}

session_answer child_session::ask(std::string_view request, const child_line_handlers& handlers,
                                  const std::function<bool(std::string_view)>& is_end, milliseconds timeout,
                                  milliseconds grace, const std::function<bool()>& cancel_requested) {
  session_answer answer;
  if (pid_ <= 0) {
    answer.ended.start_error = "the session is not running";
    return answer;
  }
  std::function<void(std::string_view)> out = [&](std::string_view line) {
    if (answer.answered) return;  // nothing belongs to this request after its end line
    if (is_end(line)) {
      answer.answered = true;
    } else if (handlers.out) {
      handlers.out(line);
    }
  };
  out_->lines.set_handler(&out);
  err_->lines.set_handler(&handlers.err);
  events_->lines.set_handler(&handlers.event);
  std::vector<detail::stream*> streams{events_.get(), out_.get(), err_.get()};

  std::string line(request);
  line.push_back('\n');
  std::size_t sent = 0;
  const bool limited = timeout.count() > 0;
  const auto deadline = clock::now() + timeout;
  constexpr milliseconds tick(200);
  auto ended = [&](child_outcome how) {
    pid_ = -1;
    ::close(input_);
    input_ = -1;
    answer.ended = how;
  };
  while (!answer.answered) {
    if (detail::has_exited(pid_)) {
      ended(detail::finish_exited(pid_, streams));
      break;
    }
    auto left = limited ? std::chrono::duration_cast<milliseconds>(deadline - clock::now()) : tick;
    bool cancelled = cancel_requested && cancel_requested();
    if (cancelled || left <= milliseconds(0)) {
      ended(detail::stop_group(pid_, streams, grace,
                               cancelled ? child_outcome::kind::cancelled : child_outcome::kind::timed_out));
      break;
    }
    if (sent < line.size()) {
      ssize_t n = ::send(input_, line.data() + sent, line.size() - sent, MSG_NOSIGNAL);
      if (n > 0) {
        sent += static_cast<std::size_t>(n);
        continue;
      }
      if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
        // The child closed its input: it is on its way out; the loop reaps it.
        sent = line.size();
      } else {
        pollfd writable{input_, POLLOUT, 0};
        ::poll(&writable, 1, 50);
      }
    }
    detail::pump(streams, sent < line.size() ? milliseconds(0) : std::min(left, tick));
  }
  for (detail::stream* s : {out_.get(), err_.get(), events_.get()})
    if (s) s->lines.set_handler(nullptr);
  return answer;
}

void child_session::stop() {
  if (pid_ > 0) {
    std::vector<detail::stream*> streams{events_.get(), out_.get(), err_.get()};
    for (detail::stream* s : streams) s->lines.set_handler(nullptr);
    ::close(input_);  // end of input: the child's signal to finish
    input_ = -1;
    const auto deadline = clock::now() + kQuitGrace;
    while (!detail::has_exited(pid_) && clock::now() < deadline) detail::pump(streams, milliseconds(50));
    if (detail::has_exited(pid_))
      detail::finish_exited(pid_, streams);
    else
      detail::stop_group(pid_, streams, milliseconds(1000), child_outcome::kind::cancelled);
    pid_ = -1;
  }
  out_.reset();
  err_.reset();
  events_.reset();
}

}  // namespace floe::plugin_support
