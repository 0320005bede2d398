#include "observe/telemetry/otlp_json.hpp"

#include <string>

namespace floe::observe::telemetry {
namespace json = boost::json;

namespace {

// The instrumentation scope: floe itself.
json::object scope() { return {{"name", "floe"}, {"version", FLOE_VERSION_STRING}}; }

}  // namespace

json::string int64_text(std::uint64_t n) { return json::string(std::to_string(n)); }

void add_attribute(json::array& attributes, std::string_view key, const json::value& value) {
  json::object any;
  switch (value.kind()) {
    case json::kind::string:
      if (value.get_string().empty()) return;
      any["stringValue"] = value.get_string();
      break;
    case json::kind::int64: any["intValue"] = json::string(std::to_string(value.get_int64())); break;
    case json::kind::uint64: any["intValue"] = json::string(std::to_string(value.get_uint64())); break;
    case json::kind::double_: any["doubleValue"] = value.get_double(); break;
    case json::kind::bool_: any["boolValue"] = value.get_bool(); break;
    default: return;
  }
  attributes.push_back(json::object{{"key", key}, {"value", std::move(any)}});
}

json::object span_event(std::string_view name, std::uint64_t time_ns, json::array attributes) {
  return {{"timeUnixNano", int64_text(time_ns)}, {"name", name}, {"attributes", std::move(attributes)}};
}

json::object encode_span(const Span& span) {
  json::object out{{"traceId", span.trace_id},
                   {"spanId", span.span_id},
                   {"name", span.name},
                   {"kind", kSpanKindInternal},
                   {"startTimeUnixNano", int64_text(span.start_ns)},
                   {"endTimeUnixNano", int64_text(span.end_ns < span.start_ns ? span.start_ns : span.end_ns)},
                   {"attributes", span.attributes}};
  if (!span.parent_span_id.empty()) out["parentSpanId"] = span.parent_span_id;
  if (!span.events.empty()) out["events"] = span.events;
  json::object status{{"code", span.status_code}};
  if (span.status_code == kStatusError && !span.status_message.empty()) status["message"] = span.status_message;
  out["status"] = std::move(status);
  return out;
}

std::string traces_request(const json::array& resource_attributes, json::array spans) {
  json::object scope_spans{{"scope", scope()}, {"spans", std::move(spans)}};
  json::object resource_spans{{"resource", json::object{{"attributes", resource_attributes}}},
                              {"scopeSpans", json::array{std::move(scope_spans)}}};
  return json::serialize(json::object{{"resourceSpans", json::array{std::move(resource_spans)}}});
}

std::string metrics_request(const json::array& resource_attributes, json::array metrics) {
  json::object scope_metrics{{"scope", scope()}, {"metrics", std::move(metrics)}};
  json::object resource_metrics{{"resource", json::object{{"attributes", resource_attributes}}},
                                {"scopeMetrics", json::array{std::move(scope_metrics)}}};
  return json::serialize(json::object{{"resourceMetrics", json::array{std::move(resource_metrics)}}});
}

}  // namespace floe::observe::telemetry
