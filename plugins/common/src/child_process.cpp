#include "child_process.hpp"

#include <fcntl.h>
#include <linux/close_range.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <utility>

namespace floe::plugin_support {
namespace {

using clock = std::chrono::steady_clock;

class unique_fd {
 public:
  unique_fd() = default;
  explicit unique_fd(int fd) : fd_(fd) {}
  unique_fd(const unique_fd&) = delete;
  unique_fd& operator=(const unique_fd&) = delete;
  unique_fd(unique_fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  unique_fd& operator=(unique_fd&& other) noexcept {
    if (this != &other) {
      reset();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  ~unique_fd() { reset(); }
  int get() const { return fd_; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

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

// The child's side of the fork, up to exec. Async-signal-safe calls only.
[[noreturn]] void become_child(const char* program, char* const* argv, char* const* envp, const char* cwd,
                               const int (&sources)[4], int report_fd, pid_t parent) {
  // Die with the thread that started us, even if it is killed outright.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(127);  // the parent died before prctl
  // Our own process group, so a stop reaches every process the tool started
  // (and a terminal's Ctrl-C reaches the host, which decides).
  ::setpgid(0, 0);

  // Move the pipes to 0..3: first above every target, so that no dup2
  // overwrites a source that sits on a target number.
  int lifted[4];
  for (int i = 0; i < 4; ++i) {
    lifted[i] = ::fcntl(sources[i], F_DUPFD_CLOEXEC, 10);
    if (lifted[i] < 0) report_and_exit(report_fd, setting_up, errno);
  }
  for (int i = 0; i < 4; ++i)
    if (::dup2(lifted[i], i) < 0) report_and_exit(report_fd, setting_up, errno);  // dup2 clears FD_CLOEXEC
  // Nothing else of the host's leaks into the child.
  ::syscall(SYS_close_range, 4U, ~0U, CLOSE_RANGE_CLOEXEC);

  // Ignored signals survive exec; give the child the defaults back.
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  struct sigaction defaults {};
  defaults.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; ++sig)
    if (sig != SIGKILL && sig != SIGSTOP) ::sigaction(sig, &defaults, nullptr);

  if (::chdir(cwd) != 0) report_and_exit(report_fd, entering_directory, errno);
  ::execve(program, argv, envp);
  report_and_exit(report_fd, executing, errno);
}

// Splits one stream into lines for its handler.
class line_splitter {
 public:
  explicit line_splitter(const std::function<void(std::string_view)>* handler) : handler_(handler) {}

  void feed(const char* data, std::size_t size) {
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
  void finish() {
    if (!pending_.empty() && !skipping_) deliver();
    pending_.clear();
  }

 private:
  void deliver() {
    if (handler_ != nullptr && *handler_) (*handler_)(pending_);
  }
  const std::function<void(std::string_view)>* handler_;
  std::string pending_;
  bool skipping_ = false;
};

struct stream {
  unique_fd fd;
  line_splitter lines;
  bool open = true;
};

// Reads what is there; false once the stream reached its end.
bool drain(stream& s) {
  char buffer[65536];
  for (;;) {
    ssize_t n = ::read(s.fd.get(), buffer, sizeof buffer);
    if (n > 0) {
      s.lines.feed(buffer, static_cast<std::size_t>(n));
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

// Waits up to `budget` for any stream to have data, and reads it.
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

// True once the child has exited (left as a zombie, not reaped, so that its
// process group id cannot be reused while we signal the group).
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

}  // namespace

child_outcome run_child(const child_command& command, const child_line_handlers& handlers) {
  child_outcome failed;
  auto start_failure = [&](const std::string& what, int error) {
    failed.how = child_outcome::kind::not_started;
    failed.code = error;
    failed.start_error = what + ": " + std::strerror(error);
    return failed;
  };

  pipe_ends out, err, events, report;
  if (!make_pipe(out) || !make_pipe(err) || !make_pipe(events) || !make_pipe(report))
    return start_failure("cannot create a pipe", errno);
  unique_fd null_input(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  if (null_input.get() < 0) return start_failure("cannot open /dev/null", errno);

  std::vector<std::string> argv_text{command.program};
  argv_text.insert(argv_text.end(), command.args.begin(), command.args.end());
  std::vector<std::string> env_text = command.environment;
  std::vector<char*> argv = c_array(argv_text);
  std::vector<char*> envp = c_array(env_text);
  const int sources[4] = {null_input.get(), out.write.get(), err.write.get(), events.write.get()};
  pid_t parent = ::getpid();

  pid_t pid = ::fork();
  if (pid < 0) return start_failure("cannot fork", errno);
  if (pid == 0)
    become_child(command.program.c_str(), argv.data(), envp.data(), command.working_directory.c_str(), sources,
                 report.write.get(), parent);

  out.write.reset();
  err.write.reset();
  events.write.reset();
  report.write.reset();
  null_input.reset();

  // exec closes the report pipe (O_CLOEXEC); a child that cannot get there
  // writes the step and its errno first.
  int start_report[2] = {0, 0};
  ssize_t got;
  while ((got = ::read(report.read.get(), start_report, sizeof start_report)) < 0 && errno == EINTR) {
  }
  if (got == static_cast<ssize_t>(sizeof start_report)) {
    reap(pid, child_outcome::kind::exited);
    if (start_report[0] == entering_directory)
      return start_failure("cannot enter " + command.working_directory, start_report[1]);
    if (start_report[0] == executing) return start_failure("cannot run " + command.program, start_report[1]);
    return start_failure("cannot set up the descriptors of " + command.program, start_report[1]);
  }

  stream out_stream{std::move(out.read), line_splitter(&handlers.out)};
  stream err_stream{std::move(err.read), line_splitter(&handlers.err)};
  stream event_stream{std::move(events.read), line_splitter(&handlers.event)};
  std::vector<stream*> streams{&event_stream, &out_stream, &err_stream};
  for (stream* s : streams) ::fcntl(s->fd.get(), F_SETFL, ::fcntl(s->fd.get(), F_GETFL) | O_NONBLOCK);

  const bool limited = command.timeout.count() > 0;
  const auto deadline = clock::now() + command.timeout;
  constexpr auto tick = std::chrono::milliseconds(200);
  while (!has_exited(pid)) {
    auto left = limited ? std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now()) : tick;
    bool cancelled = command.cancel_requested && command.cancel_requested();
    if (cancelled || left <= std::chrono::milliseconds(0)) {
      // SIGINT first: dbt cancels its queries and writes what it finished,
      // Python unwinds; then harder, a grace apart.
      for (int sig : {SIGINT, SIGTERM}) {
        ::kill(-pid, sig);
        const auto next = clock::now() + command.grace;
        while (!has_exited(pid) && clock::now() < next) pump(streams, std::chrono::milliseconds(50));
      }
      ::kill(-pid, SIGKILL);
      for (stream* s : streams)
        if (s->open && drain(*s)) s->lines.finish();
      return reap(pid, cancelled ? child_outcome::kind::cancelled : child_outcome::kind::timed_out);
    }
    pump(streams, std::min(left, tick));
  }
  // The child is gone; stop anything it left behind in its group, then read
  // what is still buffered in the pipes.
  ::kill(-pid, SIGKILL);
  const auto drain_deadline = clock::now() + std::chrono::seconds(1);
  while (any_open(streams) && clock::now() < drain_deadline) pump(streams, std::chrono::milliseconds(50));
  for (stream* s : streams)
    if (s->open) s->lines.finish();
  return reap(pid, child_outcome::kind::exited);
}

std::vector<std::string> environment_with(const std::map<std::string, std::string>& overrides,
                                          const std::vector<std::string>& removed) {
  std::vector<std::string> out;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view entry(*e);
    std::string name(entry.substr(0, entry.find('=')));
    bool drop = overrides.count(name) > 0;
    for (const auto& r : removed) drop = drop || name == r;
    if (!drop) out.emplace_back(entry);
  }
  for (const auto& [k, v] : overrides) out.push_back(k + "=" + v);
  return out;
}

bool is_executable_file(const std::string& path) {
  struct stat st {};
  return !path.empty() && ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

std::string find_in_path(const std::string& name) {
  if (name.find('/') != std::string::npos) return is_executable_file(name) ? name : std::string();
  const char* path = std::getenv("PATH");
  std::string_view rest = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
  while (true) {
    std::size_t colon = rest.find(':');
    std::string dir(rest.substr(0, colon));
    std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + name;
    if (is_executable_file(candidate)) return candidate;
    if (colon == std::string_view::npos) return {};
    rest.remove_prefix(colon + 1);
  }
}

}  // namespace floe::plugin_support
