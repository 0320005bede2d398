// A real OTLP receiver for tests: the OpenTelemetry Collector (v0.140.0, its
// OTLP receiver and file exporter, built by scripts/build-otelcol into
// .cache/otelcol/) on a free loopback port, writing every trace and metric
// request it accepts to files as OTLP/JSON lines, which the test reads back.
// Started by fork/exec and stopped by PID (ChildProcess).
#pragma once

#include <boost/json.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "registry_fixture.hpp"

namespace floe::test {

class OtelCollector {
 public:
  // Throws std::runtime_error (naming scripts/build-otelcol when the binary
  // is missing, else with the log tail) if it does not answer within ~10 s.
  static std::unique_ptr<OtelCollector> start();
  ~OtelCollector();
  OtelCollector(const OtelCollector&) = delete;
  OtelCollector& operator=(const OtelCollector&) = delete;

  std::string endpoint() const;  // "http://127.0.0.1:PORT" (OTLP/HTTP)
  std::string host() const;      // "127.0.0.1:PORT"

  // Every ExportTraceServiceRequest / ExportMetricsServiceRequest the
  // collector has written so far.
  std::vector<boost::json::object> trace_requests() const;
  std::vector<boost::json::object> metric_requests() const;

  // Polls (the file exporter flushes every 100 ms) until `ready` holds for
  // what was received, or `timeout` passes; false then.
  bool wait_for(const std::function<bool(const OtelCollector&)>& ready,
                std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;

  std::string log_tail() const;

 private:
  OtelCollector() = default;
  std::string dir_;
  int port_ = 0;
  std::unique_ptr<ChildProcess> process_;
};

// The collector binary: $FLOE_OTELCOL, else <source>/.cache/otelcol/floe-otelcol.
std::string otel_collector_binary();

}  // namespace floe::test
