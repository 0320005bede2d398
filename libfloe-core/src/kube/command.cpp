#include "kube/command.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

extern char** environ;

namespace floe {

namespace {

constexpr std::size_t kMaxErr = 64u << 10;

// Appends what one read gives to `into` (up to `limit`); false at the end of
// the stream.
bool drain(int fd, std::string& into, std::size_t limit, bool& truncated) {
  char buffer[8192];
  ssize_t n = read(fd, buffer, sizeof buffer);
  if (n < 0 && (errno == EINTR || errno == EAGAIN)) return true;
  if (n <= 0) return false;
  std::size_t room = into.size() < limit ? limit - into.size() : 0;
  if (static_cast<std::size_t>(n) > room) truncated = true;
  into.append(buffer, std::min(room, static_cast<std::size_t>(n)));
  return true;
}

}  // namespace

Result<CommandOutcome> run_command(const std::string& program, const std::vector<std::string>& args, long timeout_ms,
                                   std::size_t max_out) {
  int out[2], err[2];
  if (pipe2(out, O_CLOEXEC) != 0) return make_error(FLOE_ERR_IO, "pipe failed");
  if (pipe2(err, O_CLOEXEC) != 0) {
    close(out[0]);
    close(out[1]);
    return make_error(FLOE_ERR_IO, "pipe failed");
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err[1], STDERR_FILENO);
  std::vector<std::string> words{program};
  words.insert(words.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  close(err[1]);
  if (rc != 0) {
    close(out[0]);
    close(err[0]);
    return make_error(FLOE_ERR_NOT_FOUND, fmt::format("{} cannot be run: {}", program, std::strerror(rc)));
  }
  CommandOutcome outcome;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  bool out_open = true, err_open = true, err_truncated = false;
  while (out_open || err_open) {
    long left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) {
      outcome.timed_out = true;
      kill(pid, SIGKILL);
      break;
    }
    pollfd p[2] = {{out_open ? out[0] : -1, POLLIN, 0}, {err_open ? err[0] : -1, POLLIN, 0}};
    int ready = poll(p, 2, static_cast<int>(std::min<long>(left, 1000)));
    if (ready <= 0) continue;  // EINTR or a quiet second: check the deadline again
    if (out_open && (p[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0)
      out_open = drain(out[0], outcome.out, max_out, outcome.truncated);
    if (err_open && (p[1].revents & (POLLIN | POLLHUP | POLLERR)) != 0)
      err_open = drain(err[0], outcome.err, kMaxErr, err_truncated);
  }
  close(out[0]);
  close(err[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!outcome.timed_out && WIFEXITED(status)) outcome.exit_code = WEXITSTATUS(status);
  return outcome;
}

}  // namespace floe
