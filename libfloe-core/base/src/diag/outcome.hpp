// Why a run failed. Each diagnostic code belongs to one outcome (codes.def);
// the CLI maps outcomes to its exit codes (docs/cli.md#exit-codes).
#pragma once

namespace floe {

// In the order a run reports them: the first kind present wins.
// A run that was interrupted, stopped by its deadline (--timeout), or could
// not start because another holds the product, says so before anything its
// steps reported on the way.
enum class Outcome {
  ok,
  usage,
  interrupted,
  timed_out,  // the operation's deadline passed (FLOE-L001)
  busy,
  invalid_input,
  verification_failure,
  policy_violation,
  plugin_failure,
  network_failure,
  io_failure,
  run_failure,   // floe run: a step failed (ingestion, a dbt model)
  test_failure   // floe run / test: data tests failed and the quality gates block
};

// "ok", "usage", "interrupted", "timed_out", "busy", "invalid_input", "verification_failure",
// "policy_violation", "plugin_failure", "network_failure", "io_failure",
// "run_failure", "test_failure"
const char* outcome_name(Outcome o);

}  // namespace floe
