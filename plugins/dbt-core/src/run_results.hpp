// dbt's run_results.json read back after an invocation: the result of every
// node, and the counts run_models and test_models report.
#pragma once

#include <boost/json/array.hpp>

#include <optional>
#include <string>

namespace floe::dbt_core {

struct RunResultsSummary {
  boost::json::array nodes;  // [{"unique_id", "resource_type", "status", "execution_time", "message", "rows_affected"?}]
  double elapsed_seconds = 0;
  int models_run = 0;        // models that ran (success or error)
  int tests_run = 0;         // data and unit tests that ran
  int failures = 0;          // nodes with status error, fail or runtime error
};

// Reads `path` when it belongs to the invocation `invocation_id` (a file left
// by an earlier invocation is not this one's result: nullopt, with `why`).
std::optional<RunResultsSummary> read_run_results(const std::string& path, const std::string& invocation_id,
                                                  std::string& why);

}  // namespace floe::dbt_core
