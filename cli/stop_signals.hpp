// Ctrl-C (and SIGTERM, as a scheduler sends) asks a long command (floe run,
// floe validate --watch) to stop cleanly instead of killing floe: the
// command asks stop_requested() and ends as it would, exit 130 for a run. A
// second signal takes the default action.
#pragma once

namespace floe::cli {

// While one lives, SIGINT and SIGTERM set the flag stop_requested() reads.
class StopOnSignals {
 public:
  StopOnSignals();
  ~StopOnSignals();
  StopOnSignals(const StopOnSignals&) = delete;
  StopOnSignals& operator=(const StopOnSignals&) = delete;

 private:
  void (*previous_int_)(int);
  void (*previous_term_)(int);
};

bool stop_requested();

}  // namespace floe::cli
