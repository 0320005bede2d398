// The metrics of a run, gathered from its step_finished and run_finished
// events and exported once at its end (OTLP metrics, cumulative from the
// run's start):
//   floe.step.duration          histogram, s, per floe.step / floe.step.kind / floe.step.status
//   floe.run.duration           histogram, s, per floe.run.status
//   floe.ingestion.rows_loaded  sum, {row}, per floe.step (ingestion steps)
//   floe.quality.tests_failed   sum, {test}, per floe.step (quality steps)
//   floe.quality.tests_passed   sum, {test}, per floe.step (quality steps)
// One data point per step: memory grows with the steps, never the nodes.
#pragma once

#include <boost/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace floe::observe::telemetry {

class RunMetrics {
 public:
  void on_event(const boost::json::object& event);

  // The metrics of an ExportMetricsServiceRequest, and how many data points.
  boost::json::array encode() const;
  std::size_t points() const;

 private:
  struct Point {
    std::string metric;
    boost::json::array attributes;
    double value = 0;
    std::uint64_t time_ns = 0;
  };
  std::uint64_t start_ns_ = 0;
  std::vector<Point> points_;
};

}  // namespace floe::observe::telemetry
