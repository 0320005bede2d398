// Reading back what an OTLP collector received: the spans of one run (by
// its floe.run_id resource attribute) and the data points of one metric.
#pragma once

#include <boost/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace floe::test {

struct ReceivedSpan {
  boost::json::object resource;  // the resource's attributes, flattened: key -> value
  boost::json::object span;      // the span as received
  boost::json::object attributes;  // the span's attributes, flattened
  std::string name() const;
  std::string span_id() const;
  std::string parent() const;  // "" for a root span
  int status() const;
};

// Flattens [{"key": k, "value": {"stringValue": v}}, ...] to {k: v}
// (intValue as an integer, doubleValue, boolValue as they are).
boost::json::object flatten_attributes(const boost::json::value& attributes);

std::vector<ReceivedSpan> spans_of_run(const std::vector<boost::json::object>& requests, const std::string& run_id);

// The data points of metric `name` whose resource has floe.run_id = run_id.
std::vector<boost::json::object> metric_points(const std::vector<boost::json::object>& requests,
                                               const std::string& run_id, const std::string& name);

const ReceivedSpan* find_span(const std::vector<ReceivedSpan>& spans, const std::string& name);

}  // namespace floe::test
