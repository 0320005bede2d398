// What a compile (or validate, platform compile, platform test) run tells its
// caller: the stages with their progress lines, every diagnostic, the
// enforcement result and the files written. The CLI renders it; the C API
// hands it out as JSON.
#pragma once

#include <boost/json/value.hpp>

#include <deque>
#include <string>
#include <vector>

#include "diag/diagnostic.hpp"
#include "diag/outcome.hpp"

namespace floe {


struct StageLine {
  std::string status;  // "ok", "error", "warning", "info"
  std::string text;
};

struct Stage {
  std::string title;  // "Loading platform from ../platform/manifest.yaml"
  bool ok = true;
  std::vector<StageLine> lines;
};

// The outcome implied by the errors' codes (each code's outcome is declared
// in codes.def), the first kind in Outcome's order.
Outcome outcome_from(const Diagnostics& diags);

struct CompileReport {
  Outcome outcome = Outcome::ok;
  std::deque<Stage> stages;  // a deque: references stage() hands out stay valid as stages are added
  Diagnostics diagnostics;          // config, inheritance, plugin and enforcement findings, in order
  // enforcement_result_json_text: JSON text ("null" if enforcement did not
  // run), as the report is written as text and a large project's result
  // holds as many findings as the diagnostics.
  std::string enforcement_json = "null";
  std::vector<std::string> written; // files written (empty for validate)
  std::string base_dir;             // where relative locations are taken from (for SARIF)

  Stage& stage(std::string title) {
    stages.push_back(Stage{std::move(title), true, {}});
    return stages.back();
  }

  // Ends the run: the outcome follows the diagnostics, and the last stage
  // is marked by it.
  void conclude(Stage& last) {
    outcome = outcome_from(diagnostics);
    last.ok = outcome == Outcome::ok;
  }
};

// {"outcome", "stages", "diagnostics", "enforcement", "written", "counts": {"errors", "warnings"}}
boost::json::value compile_report_to_json(const CompileReport& r);

// The "stages" member's value, serialized onto `out` without building it (the
// same bytes as compile_report_to_json's).
void append_stages_json(std::string& out, const std::deque<Stage>& stages);
// Its inverse (base_dir is not in the JSON and stays empty).
CompileReport compile_report_from_json(const boost::json::value& json);

// FLOE-O801: an output could not be written (`message` says why).
Diagnostic output_write_failure(const std::string& path, const std::string& message);

}  // namespace floe
