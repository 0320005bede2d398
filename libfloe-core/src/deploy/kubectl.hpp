// Running kubectl for `floe platform deploy --apply`: the one external
// program the deploy starts, with its output captured and a bounded time.
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"

namespace floe {

struct CommandOutcome {
  int exit_code = -1;     // -1: killed (timed out) or not started
  bool timed_out = false;
  std::string output;     // stdout and stderr together, at most 64 KiB
};

// `program` is looked up on PATH when it has no '/'. Not started: an error.
Result<CommandOutcome> run_command(const std::string& program, const std::vector<std::string>& args, long timeout_ms);

}  // namespace floe
