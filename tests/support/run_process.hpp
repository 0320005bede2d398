// Runs a program with arguments and extra environment, capturing stdout,
// stderr and the exit code (tests of the CLI and of installed binaries).
#pragma once

#include <map>
#include <string>
#include <vector>

namespace floe::test {

struct ProcessResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// `env` entries override or add to the current environment; an empty value
// removes the variable.
ProcessResult run_process(const std::string& program, const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env = {});

}  // namespace floe::test
