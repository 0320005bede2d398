// The OTLP/JSON encoding (OTLP specification, "JSON Protobuf Encoding") of
// what floe exports: spans in an ExportTraceServiceRequest and metrics in an
// ExportMetricsServiceRequest. Per the specification: lowerCamelCase keys,
// trace and span ids as hex strings (not base64), enums as integers, 64-bit
// integers (times, counts) as decimal strings.
#pragma once

#include <boost/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace floe::observe::telemetry {

// Span.SpanKind and Status.StatusCode of opentelemetry/proto/trace/v1.
inline constexpr int kSpanKindInternal = 1;
inline constexpr int kStatusUnset = 0;
inline constexpr int kStatusOk = 1;
inline constexpr int kStatusError = 2;

// Appends {"key": k, "value": AnyValue} to an attribute list: strings as
// stringValue, integers as intValue, other numbers as doubleValue, booleans
// as boolValue. Null, empty strings, arrays and objects are left out.
void add_attribute(boost::json::array& attributes, std::string_view key, const boost::json::value& value);

struct Span {
  std::string trace_id, span_id, parent_span_id;  // hex; parent "" for the root
  std::string name;
  std::uint64_t start_ns = 0, end_ns = 0;
  boost::json::array attributes;
  boost::json::array events;  // span events, see span_event()
  int status_code = kStatusUnset;
  std::string status_message;  // only with kStatusError
};

boost::json::object span_event(std::string_view name, std::uint64_t time_ns, boost::json::array attributes);

boost::json::object encode_span(const Span& span);

// {"resourceSpans": [{"resource": ..., "scopeSpans": [{"scope": ..., "spans": spans}]}]}
std::string traces_request(const boost::json::array& resource_attributes, boost::json::array spans);

// {"resourceMetrics": [{"resource": ..., "scopeMetrics": [{"scope": ..., "metrics": metrics}]}]}
std::string metrics_request(const boost::json::array& resource_attributes, boost::json::array metrics);

// A 64-bit integer as OTLP/JSON writes it (a decimal string).
boost::json::string int64_text(std::uint64_t n);

}  // namespace floe::observe::telemetry
