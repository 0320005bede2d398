// The CLI's documented exit codes (docs/cli.md#exit-codes). Stable: scripts
// depend on them; a code is never renumbered.
#pragma once

#include "floe/core.h"

namespace floe::cli {

enum ExitCode : int {
  kExitOk = 0,               // success (warnings allowed)
  kExitInternal = 1,         // a bug or an unexpected failure
  kExitUsage = 2,            // bad command line
  kExitInvalidInput = 3,     // an input file, config or request is invalid
  kExitPolicyViolation = 4,  // enforcement found blocking violations (floe compile)
  kExitPlugin = 5,           // a plugin is missing, broken, incompatible or failed
  kExitNetwork = 6,          // a remote service was unreachable, refused or timed out
  kExitVerification = 7,     // a signature or digest did not verify
  kExitIo = 8,               // a file could not be read or written
  kExitPluginCrashed = 9,    // a plugin crashed the process (a fatal signal inside plugin code)
  kExitRunFailed = 10,       // floe run: a step failed (ingestion, a dbt model); results so far are kept
  kExitTestsFailed = 11,     // floe run / test: data tests failed and the quality gates block
  kExitBusy = 12,            // another floe run of the same product is in progress
  kExitTimedOut = 124,       // the command outlasted --timeout (as timeout(1) exits); what was done is kept
  kExitInterrupted = 130,    // stopped by Ctrl-C (SIGINT) or SIGTERM; results so far are kept
};

// The exit code for a library status.
int exit_code_for(floe_status status);

}  // namespace floe::cli
