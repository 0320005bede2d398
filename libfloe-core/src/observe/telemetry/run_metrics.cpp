#include "observe/telemetry/run_metrics.hpp"

#include <algorithm>
#include <array>

#include "core/json_path.hpp"
#include "observe/telemetry/otlp_json.hpp"
#include "observe/telemetry/unix_time.hpp"

namespace floe::observe::telemetry {
namespace json = boost::json;

namespace {

// AggregationTemporality CUMULATIVE of opentelemetry/proto/metrics/v1.
constexpr int kCumulative = 2;

// Bucket bounds (seconds) for step and run durations: 0.1 s to one hour.
constexpr std::array<double, 12> kDurationBounds = {0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600};

struct MetricKind {
  const char* name;
  const char* unit;
  const char* description;
  bool histogram;
};
constexpr std::array<MetricKind, 5> kMetrics = {{
    {"floe.step.duration", "s", "How long a step of a floe run took.", true},
    {"floe.run.duration", "s", "How long a floe run took.", true},
    {"floe.ingestion.rows_loaded", "{row}", "Rows an ingestion step loaded.", false},
    {"floe.quality.tests_failed", "{test}", "Data tests that failed in a quality step.", false},
    {"floe.quality.tests_passed", "{test}", "Data tests that passed in a quality step.", false},
}};

double number_at(const json::object& e, std::initializer_list<std::string_view> path, bool& found) {
  const json::value* v = find_path(e, path);
  found = v != nullptr && v->is_number();
  return found ? v->to_number<double>() : 0.0;
}

json::object histogram_point(double seconds) {
  json::array buckets;
  std::size_t bucket = static_cast<std::size_t>(
      std::lower_bound(kDurationBounds.begin(), kDurationBounds.end(), seconds) - kDurationBounds.begin());
  for (std::size_t i = 0; i <= kDurationBounds.size(); ++i) buckets.push_back(int64_text(i == bucket ? 1 : 0));
  return {{"count", int64_text(1)},
          {"sum", seconds},
          {"min", seconds},
          {"max", seconds},
          {"bucketCounts", std::move(buckets)},
          {"explicitBounds", json::array(kDurationBounds.begin(), kDurationBounds.end())}};
}

}  // namespace

void RunMetrics::on_event(const json::object& e) {
  std::string type = string_at(e, {"type"});
  std::uint64_t at = unix_nanos(string_at(e, {"at"})).value_or(start_ns_);
  bool found = false;
  if (type == "run_started") {
    start_ns_ = at;
  } else if (type == "step_finished") {
    json::array attributes;
    add_attribute(attributes, "floe.step", value_or_null(e, {"step"}));
    add_attribute(attributes, "floe.step.kind", value_or_null(e, {"kind"}));
    add_attribute(attributes, "floe.step.status", value_or_null(e, {"status"}));
    double seconds = number_at(e, {"duration_s"}, found);
    if (found) points_.push_back({"floe.step.duration", attributes, seconds, at});
    json::array step_only;
    add_attribute(step_only, "floe.step", value_or_null(e, {"step"}));
    double rows = number_at(e, {"summary", "rows_loaded"}, found);
    if (found) points_.push_back({"floe.ingestion.rows_loaded", step_only, rows, at});
    double failed = number_at(e, {"summary", "tests_failed"}, found);
    if (found) points_.push_back({"floe.quality.tests_failed", step_only, failed, at});
    double passed = number_at(e, {"summary", "tests_passed"}, found);
    if (found) points_.push_back({"floe.quality.tests_passed", step_only, passed, at});
  } else if (type == "run_finished") {
    json::array attributes;
    add_attribute(attributes, "floe.run.status", value_or_null(e, {"status"}));
    double seconds = number_at(e, {"duration_s"}, found);
    if (found) points_.push_back({"floe.run.duration", std::move(attributes), seconds, at});
  }
}

std::size_t RunMetrics::points() const { return points_.size(); }

json::array RunMetrics::encode() const {
  json::array metrics;
  for (const auto& kind : kMetrics) {
    json::array data_points;
    for (const auto& p : points_) {
      if (p.metric != kind.name) continue;
      json::object point{{"attributes", p.attributes},
                         {"startTimeUnixNano", int64_text(start_ns_)},
                         {"timeUnixNano", int64_text(p.time_ns)}};
      if (kind.histogram) {
        for (auto& [k, v] : histogram_point(p.value)) point[k] = v;
      } else {
        point["asInt"] = int64_text(static_cast<std::uint64_t>(p.value < 0 ? 0 : p.value));
      }
      data_points.push_back(std::move(point));
    }
    if (data_points.empty()) continue;
    json::object metric{{"name", kind.name}, {"unit", kind.unit}, {"description", kind.description}};
    if (kind.histogram)
      metric["histogram"] = json::object{{"aggregationTemporality", kCumulative}, {"dataPoints", std::move(data_points)}};
    else
      metric["sum"] = json::object{
          {"aggregationTemporality", kCumulative}, {"isMonotonic", true}, {"dataPoints", std::move(data_points)}};
    metrics.push_back(std::move(metric));
  }
  return metrics;
}

}  // namespace floe::observe::telemetry
