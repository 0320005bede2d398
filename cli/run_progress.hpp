// Prints a run's events as they arrive: one line per step and per dbt node
// that matters (every model, seed and snapshot; tests only when they do not
// pass), then the summary. Text for people on stdout; --events writes the
// events themselves, one JSON object per line.
#pragma once

#include <boost/json/object.hpp>

#include "terminal.hpp"

namespace floe::cli {

class RunProgress {
 public:
  RunProgress(const Terminal& term, bool json_lines) : term_(term), json_lines_(json_lines) {}
  void on_event(const boost::json::object& event);

 private:
  const Terminal& term_;
  bool json_lines_;
};

}  // namespace floe::cli
