// Runs a program with arguments and extra environment, capturing stdout,
// stderr and the exit code (tests of the CLI and of installed binaries).
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace floe::test {

struct ProcessResult {
  int exit_code = -1;
  std::string out;
  std::string err;
  bool timed_out = false;  // killed after the timeout (the overload that takes one)
  double seconds = 0;      // how long it ran
};

// `env` entries override or add to the current environment; an empty value
// removes the variable.
ProcessResult run_process(const std::string& program, const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env = {});

// The project virtualenv's Python (dbt, dlt, pyiceberg and the test servers'
// libraries are installed there): $FLOE_VENV's when set, else the one the
// build was configured with.
std::string venv_python();

// The build tree's floe executable.
std::string floe_executable();

// The same, but the program is killed (SIGKILL) if it has not exited after
// `timeout`: then timed_out is true. For tests of what must never block: a
// regression fails the test instead of hanging the suite.
ProcessResult run_process(const std::string& program, const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env, std::chrono::milliseconds timeout);

}  // namespace floe::test
