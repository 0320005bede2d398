// dbt's structured log (--log-format json, one JSON object per line) turned
// into floe's node events, the ones run_models emits through the host:
//   {"type": "node_started",  "unique_id", "name", "resource_type", "materialized"?, "relation"?, "started_at"}
//   {"type": "node_finished", "unique_id", "name", "resource_type", "status", "execution_time", "message",
//    "started_at", "finished_at", "materialized"?, "relation"?}
//   {"type": "log", "level": "warning"|"error", "message"}   (dbt's own warnings and errors)
// Shapes: docs/plugins/dbt.md#events.
#pragma once

#include <boost/json/object.hpp>

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace floe::dbt_common {

class DbtLogReader {
 public:
  // The events one log line stands for (usually none or one). Lines that are
  // not dbt JSON (a stray print) come back as a "log" event at warning level
  // only when they are not blank.
  std::vector<boost::json::object> read_line(const std::string& line);

  // What the log said about the running dbt, once it said it.
  const std::string& dbt_version() const { return dbt_version_; }      // "1.11.16", "2.0.0-preview.196"
  const std::string& engine() const { return engine_; }                // "dbt" (dbt-core), "dbt-fusion"
  const std::string& adapter() const { return adapter_; }              // "duckdb"
  const std::string& adapter_version() const { return adapter_version_; }
  // dbt's id of this invocation (run_results.json carries the same id).
  const std::string& invocation_id() const { return invocation_id_; }
  // The rows of a `dbt show --output json` (its ShowNode event's preview), as
  // dbt printed them; empty when no ShowNode came.
  const std::string& show_rows() const { return show_rows_; }
  // Error-level messages, in order (the last ones explain a failed invocation).
  const std::vector<std::string>& errors() const { return errors_; }

 private:
  std::string dbt_version_, engine_, adapter_, adapter_version_, invocation_id_, show_rows_;
  std::vector<std::string> errors_;
  std::set<std::string> started_, finished_;
};

// Removes ANSI colour escapes (dbt colours "OK" even in JSON messages).
std::string strip_ansi(const std::string& text);

// {1, 11} from "1.11.16" or "=1.11.16"; nullopt if it is not a version.
std::optional<std::pair<int, int>> major_minor(const std::string& version);

}  // namespace floe::dbt_common
