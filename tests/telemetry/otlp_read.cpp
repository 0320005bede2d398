#include "otlp_read.hpp"

namespace floe::test {
namespace json = boost::json;

json::object flatten_attributes(const json::value& attributes) {
  json::object out;
  if (!attributes.is_array()) return out;
  for (const auto& a : attributes.as_array()) {
    const auto& value = a.at("value").as_object();
    std::string key(a.at("key").as_string());
    if (auto* s = value.if_contains("stringValue")) out[key] = *s;
    else if (auto* i = value.if_contains("intValue"))
      out[key] = i->is_string() ? std::stoll(std::string(i->as_string())) : i->to_number<std::int64_t>();
    else if (auto* d = value.if_contains("doubleValue")) out[key] = *d;
    else if (auto* b = value.if_contains("boolValue")) out[key] = *b;
  }
  return out;
}

std::string ReceivedSpan::name() const { return std::string(span.at("name").as_string()); }
std::string ReceivedSpan::span_id() const { return std::string(span.at("spanId").as_string()); }
std::string ReceivedSpan::parent() const {
  auto* p = span.if_contains("parentSpanId");
  return p != nullptr ? std::string(p->as_string()) : "";
}
int ReceivedSpan::status() const {
  auto* s = span.if_contains("status");
  auto* code = s != nullptr ? s->as_object().if_contains("code") : nullptr;
  return code != nullptr ? static_cast<int>(code->to_number<std::int64_t>()) : 0;
}

std::vector<ReceivedSpan> spans_of_run(const std::vector<json::object>& requests, const std::string& run_id) {
  std::vector<ReceivedSpan> out;
  for (const auto& request : requests)
    for (const auto& rs : request.at("resourceSpans").as_array()) {
      json::object resource = flatten_attributes(rs.at("resource").at("attributes"));
      if (!resource.contains("floe.run_id") || resource.at("floe.run_id") != run_id.c_str()) continue;
      for (const auto& ss : rs.at("scopeSpans").as_array())
        for (const auto& span : ss.at("spans").as_array())
          out.push_back({resource, span.as_object(), flatten_attributes(span.as_object().contains("attributes")
                                                                             ? span.at("attributes")
                                                                             : json::value())});
    }
  return out;
}

std::vector<json::object> metric_points(const std::vector<json::object>& requests, const std::string& run_id,
                                        const std::string& name) {
  std::vector<json::object> out;
  for (const auto& request : requests)
    for (const auto& rm : request.at("resourceMetrics").as_array()) {
      json::object resource = flatten_attributes(rm.at("resource").at("attributes"));
      if (!resource.contains("floe.run_id") || resource.at("floe.run_id") != run_id.c_str()) continue;
      for (const auto& sm : rm.at("scopeMetrics").as_array())
        for (const auto& metric : sm.at("metrics").as_array()) {
          if (metric.at("name") != name.c_str()) continue;
          for (const char* kind : {"sum", "histogram", "gauge"})
            if (auto* data = metric.as_object().if_contains(kind))
              for (const auto& point : data->at("dataPoints").as_array()) out.push_back(point.as_object());
        }
    }
  return out;
}

const ReceivedSpan* find_span(const std::vector<ReceivedSpan>& spans, const std::string& name) {
  for (const auto& s : spans)
    if (s.name() == name) return &s;
  return nullptr;
}

}  // namespace floe::test
