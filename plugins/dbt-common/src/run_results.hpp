// dbt's run_results.json read back after an invocation: the result of every
// node, and the counts run_models and test_models report.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <vector>

namespace floe::dbt_common {

struct RunResultsSummary {
  boost::json::array nodes;  // [{"unique_id", "resource_type", "status", "execution_time", "message", "rows_affected"?}]
  double elapsed_seconds = 0;
  int models_run = 0;        // models that ran (success or error)
  int tests_run = 0;         // data and unit tests that ran
  int failures = 0;          // nodes with status error, fail or runtime error
};

// Reads `path` when it belongs to the invocation `invocation_id` (a file left
// by an earlier invocation is not this one's result: nullopt, with `why`;
// an empty `invocation_id` takes the file as it is).
std::optional<RunResultsSummary> read_run_results(const std::string& path, const std::string& invocation_id,
                                                  std::string& why);

// The node_started and node_finished events (docs/run.md#events) a
// run_results.json document stands for, two per result in its order, for a
// runtime that has no live log to read them from (dbt Cloud): times from the
// result's timing, the name from its unique id.
std::vector<boost::json::object> node_events_from_run_results(const boost::json::object& run_results);

}  // namespace floe::dbt_common
