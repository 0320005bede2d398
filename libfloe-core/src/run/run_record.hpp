// target/floe_run.json: floe's own record of a run, beside dbt's
// run_results.json. It follows the run's events and is rewritten atomically
// after every step, so a run that fails, is interrupted or is killed half
// way leaves a consistent record of everything done so far (shape:
// docs/run.md#the-run-record).
#pragma once

#include <boost/json/object.hpp>

#include <string>

#include "base/result.hpp"

namespace floe::run {

class RunRecord {
 public:
  // `head` holds what is known before the first step: run_id, operation,
  // selection.
  explicit RunRecord(boost::json::object head);

  // Adds (or replaces) top-level members, e.g. product and platform once the
  // compile has told them.
  void describe(const boost::json::object& members);

  // Follows the run's events (subscribe it to the EventBus).
  void on_event(const boost::json::object& event);
  // A file the run produced or used, recorded with its sha256 (missing
  // files are recorded as such).
  void add_artifact(const std::string& name, const std::string& path);

  const boost::json::object& json() const { return record_; }
  Result<Ok> write(const std::string& path) const;

 private:
  boost::json::object* step(const std::string& name);
  boost::json::object record_;
};

}  // namespace floe::run
