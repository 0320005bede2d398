// A run's events turned into the spans of one trace: the run is the root
// span, each step a child of it, each dbt node a child of its step. A span
// is handed on as soon as it ends; what is kept meanwhile is the root, the
// running step and the nodes dbt is running at that moment, so memory does
// not grow with the number of nodes.
#pragma once

#include <boost/json.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "observe/telemetry/otlp_json.hpp"
#include "observe/telemetry/trace_ids.hpp"

namespace floe::observe::telemetry {

class RunTrace {
 public:
  using SpanSink = std::function<void(const Span& span)>;

  // `root_span_id` is known before the run starts (it goes to the tools in
  // TRACEPARENT); `db_system` is the compute's name for db.system.
  RunTrace(std::string trace_id, std::string root_span_id, std::string db_system, SpanSink sink);

  void on_event(const boost::json::object& event);

 private:
  struct OpenStep {
    Span span;
    std::string kind;
  };
  struct OpenNode {
    std::string span_id;
    std::uint64_t start_ns = 0;
  };
  void start_step(const boost::json::object& e, std::uint64_t at);
  void finish_step(const boost::json::object& e, std::uint64_t at);
  void finish_node(const boost::json::object& e, std::uint64_t at);
  void log_to_step(const boost::json::object& e, std::uint64_t at);
  void finish_run(const boost::json::object& e, std::uint64_t at);

  std::string trace_id_;
  std::string db_system_;
  SpanSink sink_;
  TraceIds ids_;
  Span root_;
  std::optional<OpenStep> step_;
  std::map<std::string, OpenNode> nodes_;  // by unique_id: the nodes running now
};

// The step/run status of an event ("success", "failed", ...) as an OTLP
// status code.
int status_code_of(const std::string& status);

}  // namespace floe::observe::telemetry
