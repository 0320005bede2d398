// W3C Trace Context identifiers for a run's trace: a 16-byte trace id and
// 8-byte span ids, random and never all zero, written as lowercase hex (the
// form OTLP/JSON and the traceparent header both take).
#pragma once

#include <cstdint>
#include <random>
#include <string>

namespace floe::observe::telemetry {

class TraceIds {
 public:
  TraceIds();
  std::string new_trace_id();  // 32 hex digits
  std::string new_span_id();   // 16 hex digits

 private:
  std::string hex_id(int words);
  std::mt19937_64 random_;
};

// "00-<trace id>-<span id>-01": a sampled traceparent (W3C Trace Context
// level 1), what dbt and dlt get as TRACEPARENT to join the run's trace.
std::string traceparent(const std::string& trace_id, const std::string& span_id);

}  // namespace floe::observe::telemetry
