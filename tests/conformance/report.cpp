#include "report.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <iostream>

#include "stdout_capture.hpp"

namespace floe::conformance {

void Report::settle_stdout() {
  if (capture_ == nullptr) return;
  std::string head;
  size_t n = capture_->take(head);
  if (n == 0) return;
  fail("stdout." + (current_.empty() ? std::string("plugin") : current_),
       "plugin code wrote " + std::to_string(n) + " byte(s) to stdout: \"" + shown(head, 80) +
           "\"; stdout belongs to the host (floe --json prints its report there): log through floe_host_api.log");
}

std::string shown(std::string_view s, size_t limit) {
  std::string out;
  for (char c : s.substr(0, std::min(s.size(), limit))) out += (c == '\n' || c == '\t') ? ' ' : c;
  if (s.size() > limit) out += "... (" + std::to_string(s.size()) + " bytes)";
  return out;
}

std::string status_name(floe_status s) { return std::string(floe_status_str(s)) + " (" + std::to_string(s) + ")"; }

bool isolated(Report& report, const Isolation& iso, const std::string& what, const std::function<void(Report&)>& body) {
  if (!iso.fork) {
    body(report);
    return true;
  }
  int fds[2];
  if (::pipe(fds) != 0) {
    report.fail(what, std::string("cannot create a pipe: ") + std::strerror(errno));
    return false;
  }
  std::cout.flush();
  std::cerr.flush();
  pid_t pid = ::fork();
  if (pid < 0) {
    report.fail(what, std::string("cannot fork: ") + std::strerror(errno));
    ::close(fds[0]);
    ::close(fds[1]);
    return false;
  }
  if (pid == 0) {
    ::close(fds[0]);
    StdoutCapture capture;
    Report child;
    child.to_pipe(fds[1]);
    if (capture.active()) child.watch_stdout(&capture);
    // Whatever happens, the child must never return into the parent's code.
    try {
      body(child);
    } catch (const std::exception& e) {
      child.fail(what, std::string("the check itself failed: ") + e.what());
    } catch (...) {
      child.fail(what, "the check itself failed with an exception of unknown type");
    }
    child.settle_stdout();
    ::close(fds[1]);
    std::_Exit(0);  // no atexit handlers or static destructors of the parent's state
  }
  ::close(fds[1]);
  std::string buffer, current = what;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(iso.timeout_s);
  bool timed_out = false;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{fds[0], POLLIN, 0};
    int r = ::poll(&p, 1, static_cast<int>(left.count()));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) {
      timed_out = r == 0;
      break;
    }
    char chunk[4096];
    ssize_t n = ::read(fds[0], chunk, sizeof chunk);
    if (n <= 0) break;
    buffer.append(chunk, static_cast<size_t>(n));
    for (size_t nl; (nl = buffer.find('\n')) != std::string::npos; buffer.erase(0, nl + 1)) {
      std::string line = buffer.substr(0, nl);
      size_t t1 = line.find('\t'), t2 = line.find('\t', t1 + 1);
      if (line.empty() || t1 == std::string::npos || t2 == std::string::npos) continue;
      std::string check = line.substr(t1 + 1, t2 - t1 - 1), detail = line.substr(t2 + 1);
      if (line[0] == 'R')
        current = check;
      else
        report.emit(line[0], check, detail);
    }
  }
  ::close(fds[0]);
  if (timed_out) ::kill(pid, SIGKILL);
  int wstatus = 0;
  while (::waitpid(pid, &wstatus, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) {
    report.fail(current, "did not return within " + std::to_string(iso.timeout_s) + " s (killed)");
    return false;
  }
  if (WIFSIGNALED(wstatus)) {
    report.fail(current, std::string("crashed the process: signal ") + std::to_string(WTERMSIG(wstatus)) + " (" +
                             ::strsignal(WTERMSIG(wstatus)) + ")");
    return false;
  }
  if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0) {
    report.fail(current, "the process exited with status " + std::to_string(WEXITSTATUS(wstatus)) +
                             " inside the plugin");
    return false;
  }
  return true;
}

}  // namespace floe::conformance
