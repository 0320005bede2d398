#include "child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string_view>

extern char** environ;

namespace floe::plugin_support {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr std::size_t kStderrTail = 16 * 1024;
// A line longer than this (no newline in sight) is handed over as it is, so
// a tool that never writes a newline cannot make us buffer without bound.
constexpr std::size_t kMaxLine = 8 * 1024 * 1024;
constexpr milliseconds kPollInterval{100};
// Once the child has exited, its pipes may stay open in grandchildren; we
// read what is there for this long and stop.
constexpr milliseconds kDrainAfterExit{1000};

struct Pipe {
  int read = -1, write = -1;
  bool open() {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return false;
    read = fds[0];
    write = fds[1];
    return true;
  }
  void close_read() {
    if (read >= 0) ::close(read);
    read = -1;
  }
  void close_write() {
    if (write >= 0) ::close(write);
    write = -1;
  }
  ~Pipe() {
    close_read();
    close_write();
  }
};

// The child's environment: the host's, minus `unset`, plus `env`.
std::vector<std::string> child_environment(const ChildSpec& spec) {
  std::vector<std::string> out;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view entry(*e);
    std::string_view name = entry.substr(0, entry.find('='));
    bool drop = spec.env.count(std::string(name)) > 0;
    for (const auto& u : spec.unset_env) drop = drop || name == u;
    if (!drop) out.emplace_back(entry);
  }
  for (const auto& [k, v] : spec.env) out.push_back(k + "=" + v);
  return out;
}

std::vector<char*> c_strings(std::vector<std::string>& items) {
  std::vector<char*> out;
  for (auto& s : items) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// Between fork and exec only async-signal-safe calls: the host may have
// other threads.
[[noreturn]] void exec_child(const std::string& path, char* const* argv, char* const* envp, const std::string& dir,
                             int out_fd, int err_fd, int status_fd, pid_t parent) {
  setpgid(0, 0);  // our own group: the terminal's Ctrl-C reaches the host, which decides
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(127);  // the host died before prctl took effect
  // Dispositions the host set (ignored SIGPIPE, SIGINT handlers) must not
  // leak into the tool; handlers are reset by exec, ignored signals are not.
  for (int sig : {SIGINT, SIGTERM, SIGPIPE, SIGQUIT, SIGHUP, SIGCHLD}) signal(sig, SIG_DFL);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  int devnull = open("/dev/null", O_RDONLY);
  if (devnull >= 0) dup2(devnull, 0);
  dup2(out_fd, 1);
  dup2(err_fd, 2);
  if (!dir.empty() && chdir(dir.c_str()) != 0) {
    int e = errno;
    (void)!write(status_fd, &e, sizeof e);
    _exit(127);
  }
  execve(path.c_str(), argv, envp);
  int e = errno;
  (void)!write(status_fd, &e, sizeof e);
  _exit(127);
}

void append_tail(std::string& tail, const char* data, std::size_t n) {
  tail.append(data, n);
  if (tail.size() > kStderrTail) tail.erase(0, tail.size() - kStderrTail);
}

}  // namespace

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

std::optional<ChildResult> run_child(const ChildSpec& spec, const ChildHooks& hooks, ChildLaunchError& error) {
  std::string path = find_in_path(spec.executable);
  if (path.empty()) {
    error.message = spec.executable + ": not found or not executable";
    return std::nullopt;
  }
  std::vector<std::string> argv_strings{path};
  argv_strings.insert(argv_strings.end(), spec.args.begin(), spec.args.end());
  std::vector<std::string> env_strings = child_environment(spec);
  std::vector<char*> argv = c_strings(argv_strings);
  std::vector<char*> envp = c_strings(env_strings);

  Pipe out, err, status;
  if (!out.open() || !err.open() || !status.open()) {
    error.message = std::string("cannot create pipes: ") + std::strerror(errno);
    return std::nullopt;
  }
  const pid_t parent = getpid();
  const auto started = Clock::now();
  pid_t pid = fork();
  if (pid < 0) {
    error.message = std::string("cannot start a process: ") + std::strerror(errno);
    return std::nullopt;
  }
  if (pid == 0) exec_child(path, argv.data(), envp.data(), spec.working_dir, out.write, err.write, status.write, parent);
  setpgid(pid, pid);  // also here: whichever runs first, the group exists before we signal it
  out.close_write();
  err.close_write();
  status.close_write();

  int exec_errno = 0;
  ssize_t got = ::read(status.read, &exec_errno, sizeof exec_errno);  // EOF (0) once exec succeeded
  if (got == static_cast<ssize_t>(sizeof exec_errno)) {
    int ignored = 0;
    waitpid(pid, &ignored, 0);
    error.message = path + ": cannot run: " + std::strerror(exec_errno);
    return std::nullopt;
  }

  ChildResult result;
  std::string pending;  // stdout bytes after the last newline
  auto deliver = [&](bool flush_all) {
    std::size_t start = 0;
    for (std::size_t nl; (nl = pending.find('\n', start)) != std::string::npos; start = nl + 1)
      if (hooks.on_line) hooks.on_line(pending.substr(start, nl - start));
    pending.erase(0, start);
    if ((flush_all && !pending.empty()) || pending.size() > kMaxLine) {
      if (hooks.on_line) hooks.on_line(pending);
      pending.clear();
    }
  };

  bool exited = false;
  int wait_status = 0;
  Clock::time_point exited_at{}, stop_started{};
  int stop_stage = 0;  // 0 running, 1 SIGINT sent, 2 SIGTERM sent, 3 SIGKILL sent
  char buffer[65536];
  while (true) {
    pollfd fds[2];
    nfds_t n = 0;
    if (out.read >= 0) fds[n++] = {out.read, POLLIN, 0};
    if (err.read >= 0) fds[n++] = {err.read, POLLIN, 0};
    int ready = poll(n > 0 ? fds : nullptr, n, static_cast<int>(kPollInterval.count()));
    if (ready < 0 && errno != EINTR) break;
    for (nfds_t i = 0; ready > 0 && i < n; ++i) {
      if ((fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
      ssize_t r = ::read(fds[i].fd, buffer, sizeof buffer);
      if (r < 0 && errno == EINTR) continue;
      bool is_out = fds[i].fd == out.read;
      if (r <= 0) {
        is_out ? out.close_read() : err.close_read();
        continue;
      }
      if (is_out) {
        pending.append(buffer, static_cast<std::size_t>(r));
        deliver(false);
      } else {
        append_tail(result.stderr_tail, buffer, static_cast<std::size_t>(r));
      }
    }
    auto now = Clock::now();
    if (!exited && waitpid(pid, &wait_status, WNOHANG) == pid) {
      exited = true;
      exited_at = now;
    }
    if (exited) {
      if ((out.read < 0 && err.read < 0) || now - exited_at > kDrainAfterExit) break;
      continue;
    }
    if (stop_stage == 0) {
      bool cancel = hooks.cancel_requested && hooks.cancel_requested();
      bool late = spec.timeout.count() > 0 && now - started > spec.timeout;
      if (cancel || late) {
        result.cancelled = cancel;
        result.timed_out = !cancel;
        stop_stage = 1;
        stop_started = now;
        kill(-pid, SIGINT);
      }
    } else if (stop_stage == 1 && now - stop_started > spec.grace) {
      stop_stage = 2;
      kill(-pid, SIGTERM);
    } else if (stop_stage == 2 && now - stop_started > 2 * spec.grace) {
      stop_stage = 3;
      kill(-pid, SIGKILL);
    }
  }
  if (!exited) waitpid(pid, &wait_status, 0);
  deliver(true);
  result.elapsed = std::chrono::duration_cast<milliseconds>(Clock::now() - started);
  if (WIFEXITED(wait_status)) {
    result.exit_code = WEXITSTATUS(wait_status);
  } else if (WIFSIGNALED(wait_status)) {
    result.signal = WTERMSIG(wait_status);
  }
  return result;
}

}  // namespace floe::plugin_support
