// `floe validate --watch`: the product validated, then validated again each
// time one of its files is saved, until the caller stops it (issue 36's edit
// loop). The first round is an ordinary validate. After that, an edit of the
// dbt projects' models or properties is judged incrementally: only the files
// that changed are read again (libfloe-dbt's ProjectSession), only their
// models judged again (IncrementalEnforcement, with the whole project's
// cycles), and the round says which findings appeared and which went away.
// Anything else runs a whole validate again and says the same by comparing
// its diagnostics with the last: an edit of floe.yaml, the platform, a data
// contract or floe.lock; a product whose contracts or input ports also read
// the models; an edit that makes governance pass or fail, or makes errors
// appear where there were none or go away (the artifact checks then run, or
// stop running); a problem in a dbt file.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "compile/product_compile.hpp"
#include "diag/compile_report.hpp"

namespace floe {

struct WatchRound {
  int round = 0;                      // 0: the first validate
  bool full = false;                  // a whole validate (its report is `report`)
  std::vector<std::string> changed;   // the files whose change started the round
  const CompileReport* report = nullptr;
  std::vector<Diagnostic> appeared;   // reported now and not in the last round
  std::vector<Diagnostic> resolved;   // reported in the last round and not now
  std::size_t errors = 0;             // every diagnostic the product has now
  std::size_t warnings = 0;
  Outcome outcome = Outcome::ok;      // what a validate now would say
  double judged_ms = 0;               // from the change told to the round judged
};

struct WatchHooks {
  std::function<void(const WatchRound&)> on_round;
  std::function<bool()> should_stop;  // asked every `poll_ms` while waiting, and after each round
  int settle_ms = 20;                 // quiet time after an event before judging
  int poll_ms = 100;
};

// Runs until should_stop() is true. "" then, or why watching could not go on
// (inotify refused).
std::string watch_validate(const CompileRequest& request, const WatchHooks& hooks);

}  // namespace floe
