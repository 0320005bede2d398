// Why a run failed. Each diagnostic code belongs to one outcome (codes.def);
// the CLI maps outcomes to its exit codes (docs/cli.md#exit-codes).
#pragma once

namespace floe {

// In the order a run reports them: the first kind present wins.
enum class Outcome {
  ok,
  usage,
  invalid_input,
  verification_failure,
  policy_violation,
  plugin_failure,
  network_failure,
  io_failure
};

// "ok", "usage", "invalid_input", "verification_failure", "policy_violation",
// "plugin_failure", "network_failure", "io_failure"
const char* outcome_name(Outcome o);

}  // namespace floe
