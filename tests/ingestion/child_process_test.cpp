// ingestion-dlt: the child process that runs dlt. Real processes (/bin/sh
// scripts stand in for Python): separate streams, exit codes, environment,
// no inherited descriptors, a timeout that stops the whole process group,
// and a child that dies with its parent.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "base/child_process.hpp"
#include "base/child_spawn.hpp"
#include "temp_dir.hpp"

using namespace floe::plugin_support;
using namespace floe::base;
using namespace std::chrono_literals;

namespace {

struct Captured {
  std::vector<std::string> events, out, err;
  child_outcome outcome;
};

Captured run_shell(const std::string& script, std::chrono::milliseconds timeout = 10s,
                   std::vector<std::string> environment = {}, std::string cwd = "/") {
  Captured c;
  child_command command;
  command.program = "/bin/sh";
  command.args = {"-c", script};
  command.environment = std::move(environment);
  command.environment.push_back("PATH=/usr/bin:/bin");
  command.working_directory = std::move(cwd);
  command.timeout = timeout;
  command.grace = 300ms;
  child_line_handlers handlers;
  handlers.event = [&](std::string_view line) { c.events.emplace_back(line); };
  handlers.out = [&](std::string_view line) { c.out.emplace_back(line); };
  handlers.err = [&](std::string_view line) { c.err.emplace_back(line); };
  c.outcome = run_child(command, handlers);
  return c;
}

// True once `pid` is gone or a zombie (killed, not yet reaped by its new parent).
bool ends_within(pid_t pid, std::chrono::milliseconds budget) {
  auto deadline = std::chrono::steady_clock::now() + budget;
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    auto close = text.rfind(')');
    if (text.empty() || (close != std::string::npos && text.compare(close + 2, 1, "Z") == 0)) return true;
    std::this_thread::sleep_for(20ms);
  }
  return false;
}

}  // namespace

TEST_CASE("child process: stdout, stderr and the event pipe stay apart, line by line") {
  auto c = run_shell(R"(echo out1; echo err1 >&2; echo '{"type": "started"}' >&3; echo out2; printf tail >&3)");
  CHECK(c.outcome.how == child_outcome::kind::exited);
  CHECK(c.outcome.code == 0);
  CHECK(c.out == std::vector<std::string>{"out1", "out2"});
  CHECK(c.err == std::vector<std::string>{"err1"});
  CHECK(c.events == std::vector<std::string>{R"({"type": "started"})", "tail"});
}

TEST_CASE("child process: exit status, environment and working directory") {
  CHECK(run_shell("exit 7").outcome.code == 7);
  floe::test::TempDir dir;
  auto c = run_shell(R"(echo "$TRACEPARENT" >&3; pwd >&3; echo "${HOME-unset}" >&3)", 10s,
                     {"TRACEPARENT=00-abc-def-01"}, dir.str());
  CHECK(c.events == std::vector<std::string>{"00-abc-def-01", dir.str(), "unset"});  // exactly the given environment
  auto killed = run_shell("kill -9 $$");
  CHECK(killed.outcome.how == child_outcome::kind::signalled);
  CHECK(killed.outcome.code == SIGKILL);
}

TEST_CASE("child process: a program that cannot start is reported with why") {
  child_command command;
  command.program = "/nonexistent/python3";
  command.working_directory = "/";
  command.timeout = 5s;
  auto outcome = run_child(command, {});
  CHECK(outcome.how == child_outcome::kind::not_started);
  CHECK(outcome.start_error == "cannot run /nonexistent/python3: No such file or directory");
  command.program = "/bin/sh";
  command.working_directory = "/nonexistent-dir";
  CHECK(run_child(command, {}).start_error == "cannot enter /nonexistent-dir: No such file or directory");
}

TEST_CASE("child process: the host's descriptors do not leak into the child") {
  int null_fd = ::open("/dev/null", O_RDONLY);
  int leaky = ::fcntl(null_fd, F_DUPFD, 20);  // deliberately without FD_CLOEXEC
  ::close(null_fd);
  REQUIRE(leaky >= 20);
  auto c = run_shell("for f in /proc/$$/fd/*; do echo ${f##*/} >&3; done");
  ::close(leaky);
  CHECK(std::find(c.events.begin(), c.events.end(), std::to_string(leaky)) == c.events.end());
  CHECK(std::find(c.events.begin(), c.events.end(), "3") != c.events.end());
}

TEST_CASE("child process: an over-long line is cut, the next one arrives whole") {
  auto c = run_shell("head -c 1100000 /dev/zero | tr '\\0' a >&3; echo >&3; echo next >&3");
  REQUIRE(c.events.size() == 2);
  CHECK(c.events[0].size() == max_line_bytes);
  CHECK(c.events[1] == "next");
}

TEST_CASE("child process: on timeout the whole process group is stopped") {
  auto start = std::chrono::steady_clock::now();
  auto c = run_shell("sleep 60 & echo $! >&3; trap '' TERM; sleep 60", 500ms);
  CHECK(std::chrono::steady_clock::now() - start < 5s);
  CHECK(c.outcome.how == child_outcome::kind::timed_out);
  REQUIRE(c.events.size() == 1);
  CHECK(ends_within(std::stoi(c.events[0]), 3s));  // the grandchild went too
}

TEST_CASE("child process: a cancel request stops it with SIGINT first, then harder") {
  // A child that exits on SIGINT: stopped at once, reported as cancelled.
  bool started = false;
  child_command command;
  command.program = "/bin/sh";
  command.args = {"-c", "trap 'echo interrupted >&3; exit 3' INT; echo started >&3; while :; do sleep 0.05; done"};
  command.environment = {"PATH=/usr/bin:/bin"};
  command.working_directory = "/";
  command.grace = 5s;
  command.cancel_requested = [&] { return started; };
  std::vector<std::string> events;
  child_line_handlers handlers;
  handlers.event = [&](std::string_view line) {
    events.emplace_back(line);
    started = true;
  };
  auto begin = std::chrono::steady_clock::now();
  auto outcome = run_child(command, handlers);
  CHECK(outcome.how == child_outcome::kind::cancelled);
  CHECK(outcome.code == 3);  // it ran its own SIGINT handler
  CHECK(events == std::vector<std::string>{"started", "interrupted"});
  CHECK(std::chrono::steady_clock::now() - begin < 4s);  // no grace was needed

  // One that ignores SIGINT and SIGTERM is killed after two graces.
  started = false;
  command.args = {"-c", "trap '' INT TERM; echo started >&3; sleep 60"};
  command.grace = 300ms;
  begin = std::chrono::steady_clock::now();
  outcome = run_child(command, handlers);
  CHECK(outcome.how == child_outcome::kind::cancelled);
  CHECK(outcome.code == SIGKILL);
  CHECK(std::chrono::steady_clock::now() - begin < 5s);
}

TEST_CASE("child process: without a time limit it runs to its end") {
  child_command command;
  command.program = "/bin/sh";
  command.args = {"-c", "sleep 0.3; echo done"};
  command.environment = {"PATH=/usr/bin:/bin"};
  command.working_directory = "/";
  std::vector<std::string> out;
  child_line_handlers handlers;
  handlers.out = [&](std::string_view line) { out.emplace_back(line); };
  auto outcome = run_child(command, handlers);  // timeout 0: none
  CHECK(outcome.how == child_outcome::kind::exited);
  CHECK(out == std::vector<std::string>{"done"});
}

TEST_CASE("child process: the child dies with the process that started it") {
  int report[2];
  REQUIRE(::pipe(report) == 0);
  pid_t host = ::fork();
  REQUIRE(host >= 0);
  if (host == 0) {
    ::close(report[0]);
    child_command command;
    command.program = "/bin/sh";
    command.args = {"-c", "echo $$ >&3; exec sleep 60"};
    command.working_directory = "/";
    command.timeout = 60s;
    child_line_handlers handlers;
    handlers.event = [&](std::string_view line) {
      std::string text = std::string(line) + "\n";
      ssize_t ignored = ::write(report[1], text.data(), text.size());
      (void)ignored;
    };
    run_child(command, handlers);
    ::_exit(0);
  }
  ::close(report[1]);
  std::string pid_text;
  char c = 0;
  while (::read(report[0], &c, 1) == 1 && c != '\n') pid_text.push_back(c);
  ::close(report[0]);
  REQUIRE_FALSE(pid_text.empty());
  ::kill(host, SIGKILL);  // the host dies without a chance to clean up
  ::waitpid(host, nullptr, 0);
  CHECK(ends_within(std::stoi(pid_text), 3s));
}

namespace {

// run_program with /bin/sh -c `script`.
child_outcome run_program_shell(const std::string& script, std::string_view input, program_output& output,
                                std::size_t max_out = 1 << 20, std::chrono::milliseconds timeout = 10s) {
  child_command command;
  command.program = "/bin/sh";
  command.args = {"-c", script};
  command.environment = {"PATH=/usr/bin:/bin"};
  command.working_directory = "/";
  command.timeout = timeout;
  command.grace = 300ms;
  return run_program(command, input, max_out, 64 << 10, output);
}

}  // namespace

TEST_CASE("child process: run_program feeds the input and keeps stdout and stderr as they came, up to their limits") {
  program_output got;
  child_outcome ended = run_program_shell("cat; printf 'no newline' >&2", "line one\nline two\n", got);
  CHECK(ended.how == child_outcome::kind::exited);
  CHECK(ended.code == 0);
  CHECK(got.out == "line one\nline two\n");
  CHECK(got.err == "no newline");
  CHECK_FALSE(got.out_truncated);

  program_output capped;
  run_program_shell("head -c 100000 /dev/zero", "", capped, 1000);
  CHECK(capped.out.size() == 1000);
  CHECK(capped.out_truncated);

  // A child that exits without reading its input: an EPIPE for the writer,
  // never a SIGPIPE that ends the host.
  program_output ignored;
  ended = run_program_shell("exec 0<&-; exit 3", std::string(60000, 'x'), ignored);
  CHECK(ended.how == child_outcome::kind::exited);
  CHECK(ended.code == 3);

  // More input than a pipe holds is refused before anything starts.
  program_output refused;
  ended = run_program_shell("cat", std::string(70000, 'x'), refused);
  CHECK(ended.how == child_outcome::kind::not_started);
  CHECK(ended.start_error.find("64 KiB") != std::string::npos);
}

TEST_CASE("child process: run_program stops a child that never answers at its time limit") {
  program_output got;
  auto started = std::chrono::steady_clock::now();
  child_outcome ended = run_program_shell("echo waiting; sleep 30", "", got, 1 << 20, 500ms);
  CHECK(ended.how == child_outcome::kind::timed_out);
  CHECK(got.out == "waiting\n");
  CHECK(std::chrono::steady_clock::now() - started < 5s);
}

TEST_CASE("start_process places descriptors by number even when its own report pipe sits on one of them",
          "[child_process]") {
  // In a child of the test (its descriptors are ours to arrange): free 3..8,
  // so the report pipe start_process makes lands on 3 and 4, numbers the six
  // descriptors are about to take. A program that cannot be run must still
  // be reported as not started, and one that runs must find its descriptors.
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    int keep[2];
    if (::pipe(keep) != 0) ::_exit(10);
    int high_read = ::fcntl(keep[0], F_DUPFD, 40), high_write = ::fcntl(keep[1], F_DUPFD, 41);
    for (int fd = 3; fd < 40; ++fd) ::close(fd);
    floe::base::detail::process_start how;
    how.program = "/nonexistent/program";
    how.descriptors = {0, 1, 2, high_read, high_write, high_read};
    how.dies_with_starting_thread = false;
    floe::base::detail::started_process missing = floe::base::detail::start_process(how);
    if (missing.pid >= 0) ::_exit(11);                     // a failed exec taken for a start
    if (missing.failure.start_error.find("cannot run /nonexistent/program") != 0) ::_exit(12);
    // Descriptor 4 is the write end of the kept pipe: the shell writes through it.
    how.program = "/bin/sh";
    how.args = {"-c", "printf ok >&4"};
    floe::base::detail::started_process shell = floe::base::detail::start_process(how);
    if (shell.pid < 0) ::_exit(13);
    int status = 0;
    ::waitpid(shell.pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) ::_exit(14);
    char got[3] = {};
    if (::read(high_read, got, 2) != 2 || std::string(got) != "ok") ::_exit(15);
    ::_exit(0);
  }
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  REQUIRE(WIFEXITED(status));
  // 11: a failed exec was taken for a start (the report pipe was overwritten);
  // 12: the failure did not say why; 13-15: the started program did not get its descriptors.
  CHECK(WEXITSTATUS(status) == 0);
}
