// Verdict lines (PASS / FAIL / WARN / SKIP) and running checks in a child
// process, so a plugin that crashes or hangs fails a check instead of the run.
// Part of floe-conformance.
#pragma once

#include <unistd.h>

#include <algorithm>
#include <functional>
#include <iostream>
#include <string>
#include <string_view>

#include "floe/core.h"

namespace floe::conformance {

class StdoutCapture;

// Verdicts are printed by the parent; a forked child sends them up a pipe, one
// line each: "<kind>\t<check>\t<detail>\n" where kind is P, F, W, S or R
// (R: "about to run", so a crash is pinned on the right check).
class Report {
 public:
  void pass(const std::string& check, const std::string& detail) { emit('P', check, detail); }
  void fail(const std::string& check, const std::string& detail) { emit('F', check, detail); }
  void warn(const std::string& check, const std::string& detail) { emit('W', check, detail); }
  void skip(const std::string& check, const std::string& detail) { emit('S', check, detail); }
  // Marks the check about to run plugin code (so a crash or stdout output is
  // pinned on it); settles stdout for the previous one first.
  void running(const std::string& check) {
    settle_stdout();
    current_ = check;
    emit('R', check, "");
  }
  // With a capture, every byte plugin code wrote to stdout since the last
  // settle fails the running check (as "stdout.<check>").
  void watch_stdout(StdoutCapture* capture) { capture_ = capture; }
  void settle_stdout();
  void check(bool ok, const std::string& check, const std::string& detail_ok, const std::string& detail_fail) {
    ok ? pass(check, detail_ok) : fail(check, detail_fail);
  }

  void emit(char kind, const std::string& check, const std::string& detail) {
    if (silent_) return;
    if (pipe_fd_ >= 0) {
      std::string line = std::string(1, kind) + "\t" + one_line(check) + "\t" + one_line(detail) + "\n";
      write_all(pipe_fd_, line);
      return;
    }
    switch (kind) {
      case 'P': ++passed_; print("PASS", check, detail); break;
      case 'F': ++failed_; print("FAIL", check, detail); break;
      case 'W': ++warned_; print("WARN", check, detail); break;
      case 'S': print("SKIP", check, detail); break;
      default: break;
    }
  }

  void to_pipe(int fd) { pipe_fd_ = fd; }
  void silence() { silent_ = true; }
  int passed() const { return passed_; }
  int failed() const { return failed_; }
  int warned() const { return warned_; }

 private:
  static std::string one_line(std::string s) {
    std::replace(s.begin(), s.end(), '\n', ' ');
    std::replace(s.begin(), s.end(), '\t', ' ');
    return s;
  }
  static void write_all(int fd, const std::string& s) {
    size_t done = 0;
    while (done < s.size()) {
      ssize_t n = ::write(fd, s.data() + done, s.size() - done);
      if (n <= 0) return;
      done += static_cast<size_t>(n);
    }
  }
  static void print(const char* verdict, const std::string& check, const std::string& detail) {
    std::cout << verdict << ' ' << one_line(check) << (detail.empty() ? "" : ": ") << one_line(detail) << std::endl;
  }

  StdoutCapture* capture_ = nullptr;
  std::string current_;
  int pipe_fd_ = -1;
  bool silent_ = false;
  int passed_ = 0, failed_ = 0, warned_ = 0;
};

// Short, printable rendering of a request or message.
std::string shown(std::string_view s, size_t limit = 120);
// "invalid argument (4)".
std::string status_name(floe_status s);

struct Isolation {
  bool fork = true;
  int timeout_s = 30;
};

// Runs `body` in a child process whose verdicts go through `report`; a crash or
// a hang of the child becomes a FAIL of the check it was running. Returns
// false when the child crashed, hung or could not run. Without fork, runs
// `body` in this process.
bool isolated(Report& report, const Isolation& iso, const std::string& what, const std::function<void(Report&)>& body);

}  // namespace floe::conformance
