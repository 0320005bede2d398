// Running kubectl: the one external program floe's Kubernetes operations
// start (deploy --apply/--diff/--prune, platform status --kubeconfig), with
// stdout and stderr captured apart (stdout is parsed: `-o json`, `-o name`,
// a diff) and a bounded time.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "base/result.hpp"

namespace floe {

struct CommandOutcome {
  int exit_code = -1;     // -1: killed (timed out) or ended by a signal
  bool timed_out = false;
  std::string out;        // stdout, at most `max_out` bytes (more is dropped, `truncated` set)
  std::string err;        // stderr, at most 64 KiB
  bool truncated = false;
};

// `program` is looked up on PATH when it has no '/'. Not started: an error.
// The child's stdin is /dev/null; after `timeout_ms` it is killed.
Result<CommandOutcome> run_command(const std::string& program, const std::vector<std::string>& args, long timeout_ms,
                                   std::size_t max_out = 64u << 20);

}  // namespace floe
