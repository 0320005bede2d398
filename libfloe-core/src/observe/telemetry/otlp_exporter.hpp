// Delivers OTLP/JSON requests to a collector from a thread of its own, so a
// run never waits on the network while it works. Requests wait in a short
// queue (memory stays flat however long the run); a full queue drops the
// newest request. The first failure (no connection, no answer within the
// timeout, an HTTP error) stops delivery for the rest of the run: what was
// queued and what comes later is dropped and counted, so a collector that
// is down or slow costs the run at most one timeout, at the end.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace floe::observe::telemetry {

struct ExportSettings {
  std::string traces_url;   // .../v1/traces
  std::string metrics_url;  // .../v1/metrics
  std::vector<std::string> headers;  // "Name: value"; values may be secrets, never shown
  std::chrono::milliseconds timeout{5000};
  std::size_t max_queued = 8;
};

// What became of everything handed to the exporter.
struct DeliveryCount {
  std::size_t spans_sent = 0, spans_dropped = 0;
  std::size_t points_sent = 0, points_dropped = 0;  // metric data points
  std::string problem;  // the first failure, "" when everything arrived
};

class OtlpExporter {
 public:
  explicit OtlpExporter(ExportSettings settings);
  ~OtlpExporter();  // finish()
  OtlpExporter(const OtlpExporter&) = delete;
  OtlpExporter& operator=(const OtlpExporter&) = delete;

  // An ExportTraceServiceRequest carrying `spans` spans.
  void send_spans(std::string body, std::size_t spans);
  // An ExportMetricsServiceRequest carrying `points` data points.
  void send_metrics(std::string body, std::size_t points);

  // Delivers (or drops) what is queued, stops the thread and says what
  // arrived. Takes at most one timeout beyond the time the sends take.
  DeliveryCount finish();

 private:
  struct Request {
    bool spans;  // else metrics
    std::string body;
    std::size_t items;
  };
  void enqueue(Request request);
  void deliver();  // the thread
  void count_dropped(const Request& r);

  ExportSettings settings_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Request> queue_;
  bool closing_ = false;
  bool failed_ = false;
  DeliveryCount count_;
  std::thread thread_;
};

}  // namespace floe::observe::telemetry
