#include "base/child_spawn.hpp"

#include <fcntl.h>
#include <linux/close_range.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <utility>

extern char** environ;

namespace floe::base::detail {
namespace {

using clock = std::chrono::steady_clock;

struct pipe_ends {
  unique_fd read, write;
};

bool make_pipe(pipe_ends& ends) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return false;
  ends.read = unique_fd(fds[0]);
  ends.write = unique_fd(fds[1]);
  return true;
}

// NULL-terminated char* arrays over strings that outlive the exec: built
// before fork, since the child may only make async-signal-safe calls.
std::vector<char*> c_array(std::vector<std::string>& items) {
  std::vector<char*> out;
  for (auto& item : items) out.push_back(item.data());
  out.push_back(nullptr);
  return out;
}

// What the child reports when it cannot get to exec: the step, and errno.
enum start_step : int { setting_up = 0, entering_directory = 1, executing = 2 };

[[noreturn]] void report_and_exit(int report_fd, start_step step, int error) {
  const int message[2] = {step, error};
  ssize_t ignored = ::write(report_fd, message, sizeof message);
  (void)ignored;
  ::_exit(127);
}

// What the child's side needs, all built before fork.
struct child_plan {
  const char* program;
  char* const* argv;
  char* const* envp;
  const char* cwd;  // nullptr: stay
  const int* sources;
  int count;
  int* lifted;  // room for `count` descriptors
  bool own_group;
  bool parent_death;
  int report_fd;
  pid_t parent;
};

// The child's side of the fork, up to exec. Async-signal-safe calls only.
[[noreturn]] void become_child(const child_plan& plan) {
  const int above = plan.count > 10 ? plan.count : 10;
  // The report pipe may sit on a number a source is about to take: move it
  // above them first (still close-on-exec).
  int report_fd = plan.report_fd;
  if (report_fd < plan.count) {
    int high = ::fcntl(report_fd, F_DUPFD_CLOEXEC, above);
    if (high < 0) ::_exit(127);
    report_fd = high;
  }
  if (plan.parent_death) {
    // Die with the thread that started us, even if it is killed outright.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != plan.parent) ::_exit(127);  // the parent died before prctl
  }
  // Our own process group, so a stop reaches every process the tool started
  // (and a terminal's Ctrl-C reaches the host, which decides).
  if (plan.own_group) ::setpgid(0, 0);

  // Move the sources to 0..count-1: first above every target, so that no
  // dup2 overwrites a source that sits on a target number.
  for (int i = 0; i < plan.count; ++i) {
    plan.lifted[i] = ::fcntl(plan.sources[i], F_DUPFD_CLOEXEC, above);
    if (plan.lifted[i] < 0) report_and_exit(report_fd, setting_up, errno);
  }
  for (int i = 0; i < plan.count; ++i)
    if (::dup2(plan.lifted[i], i) < 0) report_and_exit(report_fd, setting_up, errno);  // dup2 clears FD_CLOEXEC
  // Nothing else of the host's leaks into the child.
  ::syscall(SYS_close_range, static_cast<unsigned>(plan.count), ~0U, CLOSE_RANGE_CLOEXEC);

  // Ignored signals survive exec; give the child the defaults back.
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  struct sigaction defaults {};
  defaults.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; ++sig)
    if (sig != SIGKILL && sig != SIGSTOP) ::sigaction(sig, &defaults, nullptr);

  if (plan.cwd != nullptr && ::chdir(plan.cwd) != 0) report_and_exit(report_fd, entering_directory, errno);
  ::execve(plan.program, plan.argv, plan.envp);
  report_and_exit(report_fd, executing, errno);
}

// Reads what is there; false once the stream reached its end.
bool drain(stream& s) {
  char buffer[65536];
  for (;;) {
    ssize_t n = ::read(s.fd.get(), buffer, sizeof buffer);
    if (n > 0) {
      if (s.capture != nullptr) {
        std::size_t room = s.capture->size() < s.capture_limit ? s.capture_limit - s.capture->size() : 0;
        if (static_cast<std::size_t>(n) > room) s.truncated = true;
        s.capture->append(buffer, std::min(room, static_cast<std::size_t>(n)));
      } else {
        s.lines.feed(buffer, static_cast<std::size_t>(n));
      }
      if (static_cast<std::size_t>(n) < sizeof buffer) return true;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
    s.lines.finish();
    s.fd.reset();
    s.open = false;
    return false;
  }
}

}  // namespace

unique_fd& unique_fd::operator=(unique_fd&& other) noexcept {
  if (this != &other) {
    reset();
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

void unique_fd::reset() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void line_splitter::feed(const char* data, std::size_t size) {
  for (std::size_t i = 0; i < size; ++i) {
    char c = data[i];
    if (c == '\n') {
      if (!skipping_) deliver();
      skipping_ = false;
      pending_.clear();
    } else if (!skipping_) {
      pending_.push_back(c);
      if (pending_.size() >= max_line_bytes) {
        deliver();
        pending_.clear();
        skipping_ = true;  // the rest of an over-long line is dropped
      }
    }
  }
}

void line_splitter::finish() {
  if (!pending_.empty() && !skipping_) deliver();
  pending_.clear();
}

void line_splitter::deliver() {
  if (handler_ != nullptr && *handler_) (*handler_)(pending_);
}

void pump(std::vector<stream*>& streams, std::chrono::milliseconds budget) {
  std::vector<pollfd> fds;
  std::vector<stream*> polled;
  for (stream* s : streams)
    if (s->open) {
      fds.push_back({s->fd.get(), POLLIN, 0});
      polled.push_back(s);
    }
  if (fds.empty()) {
    std::this_thread::sleep_for(std::min(budget, std::chrono::milliseconds(20)));
    return;
  }
  int ready = ::poll(fds.data(), fds.size(), static_cast<int>(std::max<std::int64_t>(budget.count(), 0)));
  if (ready <= 0) return;  // timeout, or EINTR: the caller loops
  for (std::size_t i = 0; i < fds.size(); ++i)
    if (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) drain(*polled[i]);
}

bool any_open(const std::vector<stream*>& streams) {
  for (const stream* s : streams)
    if (s->open) return true;
  return false;
}

bool has_exited(pid_t pid) {
  siginfo_t info{};
  return ::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid;
}

child_outcome reap(pid_t pid, child_outcome::kind how_if_normal) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  child_outcome outcome;
  if (how_if_normal == child_outcome::kind::timed_out || how_if_normal == child_outcome::kind::cancelled) {
    outcome.how = how_if_normal;
    outcome.code = WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    outcome.how = child_outcome::kind::signalled;
    outcome.code = WTERMSIG(status);
  } else {
    outcome.how = child_outcome::kind::exited;
    outcome.code = WEXITSTATUS(status);
  }
  return outcome;
}

started_process start_process(const process_start& how) {
  started_process started;
  auto start_failure = [&](const std::string& what, int error) {
    started.failure.how = child_outcome::kind::not_started;
    started.failure.code = error;
    started.failure.start_error = what + ": " + std::strerror(error);
    return started;
  };
  pipe_ends report;
  if (!make_pipe(report)) return start_failure("cannot create a pipe", errno);

  std::vector<std::string> argv_text{how.program};
  argv_text.insert(argv_text.end(), how.args.begin(), how.args.end());
  std::vector<std::string> env_text;
  if (how.environment != nullptr) env_text = *how.environment;
  std::vector<char*> argv = c_array(argv_text);
  std::vector<char*> envp = c_array(env_text);
  std::vector<int> lifted(how.descriptors.size());
  const child_plan plan{how.program.c_str(),
                        argv.data(),
                        how.environment != nullptr ? envp.data() : environ,
                        how.working_directory.empty() ? nullptr : how.working_directory.c_str(),
                        how.descriptors.data(),
                        static_cast<int>(how.descriptors.size()),
                        lifted.data(),
                        how.own_process_group,
                        how.dies_with_starting_thread,
                        report.write.get(),
                        ::getpid()};

  pid_t pid = ::fork();
  if (pid < 0) return start_failure("cannot fork", errno);
  if (pid == 0) become_child(plan);
  report.write.reset();

  // exec closes the report pipe (O_CLOEXEC); a child that cannot get there
  // writes the step and its errno first.
  int start_report[2] = {0, 0};
  ssize_t got;
  while ((got = ::read(report.read.get(), start_report, sizeof start_report)) < 0 && errno == EINTR) {
  }
  if (got == static_cast<ssize_t>(sizeof start_report)) {
    reap(pid, child_outcome::kind::exited);
    if (start_report[0] == entering_directory)
      return start_failure("cannot enter " + how.working_directory, start_report[1]);
    if (start_report[0] == executing) return start_failure("cannot run " + how.program, start_report[1]);
    return start_failure("cannot set up the descriptors of " + how.program, start_report[1]);
  }
  started.pid = pid;
  return started;
}

spawned_child spawn(const child_command& command, int input) {
  spawned_child spawned;
  pipe_ends out, err, events;
  if (!make_pipe(out) || !make_pipe(err) || !make_pipe(events)) {
    spawned.failure.how = child_outcome::kind::not_started;
    spawned.failure.code = errno;
    spawned.failure.start_error = std::string("cannot create a pipe: ") + std::strerror(errno);
    return spawned;
  }
  process_start how;
  how.program = command.program;
  how.args = command.args;
  how.environment = &command.environment;
  how.working_directory = command.working_directory;
  how.descriptors = {input, out.write.get(), err.write.get(), events.write.get()};
  started_process started = start_process(how);
  if (started.pid < 0) {
    spawned.failure = std::move(started.failure);
    return spawned;
  }
  for (unique_fd* fd : {&out.read, &err.read, &events.read})
    ::fcntl(fd->get(), F_SETFL, ::fcntl(fd->get(), F_GETFL) | O_NONBLOCK);
  spawned.pid = started.pid;
  spawned.out = std::move(out.read);
  spawned.err = std::move(err.read);
  spawned.events = std::move(events.read);
  return spawned;
}

child_outcome stop_group(pid_t pid, std::vector<stream*>& streams, std::chrono::milliseconds grace,
                         child_outcome::kind how) {
  // SIGINT first: dbt cancels its queries and writes what it finished,
  // Python unwinds; then harder, a grace apart.
  for (int sig : {SIGINT, SIGTERM}) {
    ::kill(-pid, sig);
    const auto next = clock::now() + grace;
    while (!has_exited(pid) && clock::now() < next) pump(streams, std::chrono::milliseconds(50));
  }
  ::kill(-pid, SIGKILL);
  for (stream* s : streams)
    if (s->open && drain(*s)) s->lines.finish();
  return reap(pid, how);
}

child_outcome finish_exited(pid_t pid, std::vector<stream*>& streams) {
  // The child is gone; stop anything it left behind in its group, then read
  // what is still buffered in the pipes.
  ::kill(-pid, SIGKILL);
  const auto drain_deadline = clock::now() + std::chrono::seconds(1);
  while (any_open(streams) && clock::now() < drain_deadline) pump(streams, std::chrono::milliseconds(50));
  for (stream* s : streams)
    if (s->open) s->lines.finish();
  return reap(pid, child_outcome::kind::exited);
}

ssize_t write_without_sigpipe(int fd, const char* data, std::size_t size) {
  sigset_t pipe_only, old, pending;
  sigemptyset(&pipe_only);
  sigaddset(&pipe_only, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_only, &old);
  sigpending(&pending);
  bool was_pending = sigismember(&pending, SIGPIPE) == 1;
  ssize_t written = ::write(fd, data, size);
  int saved = errno;
  if (written < 0 && saved == EPIPE && !was_pending) {
    timespec zero{};
    sigtimedwait(&pipe_only, nullptr, &zero);
  }
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  errno = saved;
  return written;
}

}  // namespace floe::base::detail
