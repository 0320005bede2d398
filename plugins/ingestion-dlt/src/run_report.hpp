// A run's outcome as the run response reports it, gathered from the
// runner's events (runner/floe_dlt_events.py) and from what the plugin
// itself found (missing files, no Python, a timeout).
#ifndef FLOE_INGESTION_DLT_RUN_REPORT_HPP
#define FLOE_INGESTION_DLT_RUN_REPORT_HPP

#include <boost/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace floe::ingestion_dlt {

struct run_problem {
  std::string code;
  std::string message;
  std::optional<std::string> file;
  std::optional<std::int64_t> line;
  std::optional<std::string> column;
};

class run_report {
 public:
  // Takes in one runner event; events of unknown type are ignored (an
  // older plugin with a newer runner), malformed ones too.
  void add_event(const boost::json::object& event);
  void add_error(run_problem problem) { errors_.push_back(std::move(problem)); }

  bool has_errors() const { return !errors_.empty(); }
  bool has_result() const { return tables_.has_value(); }

  // The run response: success, rows_loaded, bytes_written,
  // duration_seconds, tables, files, errors, warnings.
  boost::json::object response(double duration_seconds) const;

 private:
  std::vector<run_problem> errors_, warnings_;
  boost::json::array files_;
  std::optional<boost::json::array> tables_;
  std::int64_t bytes_written_ = 0;
};

}  // namespace floe::ingestion_dlt

#endif  // FLOE_INGESTION_DLT_RUN_REPORT_HPP
