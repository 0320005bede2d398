// The events of a product run, one JSON object each ({"type": ..., ...};
// shapes in docs/run.md#events): run_started, step_started, node_started,
// node_finished, step_finished, log, run_finished. The run publishes them to
// every subscriber (the caller's observer, the run record, telemetry,
// lineage) in order, on the thread that runs the product.
#pragma once

#include <boost/json/object.hpp>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace floe::run {

using EventHandler = std::function<void(const boost::json::object& event)>;

class EventBus {
 public:
  void subscribe(EventHandler handler) { handlers_.push_back(std::move(handler)); }
  // Adds "at" (UTC, milliseconds) when the event has none, then hands it on.
  void publish(boost::json::object event) const;

 private:
  std::vector<EventHandler> handlers_;
};

// "2026-11-23T09:15:02.123Z" for a system-clock time.
std::string utc_timestamp(std::chrono::system_clock::time_point t);
inline std::string utc_now() { return utc_timestamp(std::chrono::system_clock::now()); }

// A fresh run id: a UUIDv7 (time-ordered, as OpenLineage recommends for runs).
std::string new_run_id();

}  // namespace floe::run
