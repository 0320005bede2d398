#include "observe/telemetry/telemetry_observer.hpp"

#include <fmt/format.h>

#include "core/json_path.hpp"
#include "diag/codes.hpp"
#include "observe/telemetry/otlp_destination.hpp"
#include "observe/telemetry/otlp_exporter.hpp"
#include "observe/telemetry/otlp_json.hpp"
#include "observe/telemetry/run_metrics.hpp"
#include "observe/telemetry/run_trace.hpp"
#include "observe/telemetry/trace_ids.hpp"

namespace floe::observe {
namespace json = boost::json;
using namespace telemetry;

namespace {

// Spans wait for at most this many others before they are sent; a step's
// end sends what it has.
constexpr std::size_t kBatchSpans = 256;

// A warning at the compiled artifacts, where the run read its telemetry
// settings: telemetry never fails a run.
void warn(CompileReport& report, const std::string& product_dir, const std::string& message) {
  Diagnostic d = make_diagnostic(codes::X122, "run", message, {product_dir + "/target/compiled_artifacts.json", 0, 0},
                                 {}, "check the platform's telemetry_backend and observability.traces");
  d.severity = Severity::warning;
  d.subject = "telemetry";
  report.diagnostics.add(std::move(d));
}

// service.* from the product (each data product is a service to its
// operators), floe.* from the platform and the run.
json::array resource_attributes(const json::object& artifacts, const std::string& run_id) {
  json::array a;
  add_attribute(a, "service.name", value_or_null(artifacts, {"product", "name"}));
  add_attribute(a, "service.version", value_or_null(artifacts, {"product", "version"}));
  add_attribute(a, "service.namespace", value_or_null(artifacts, {"product", "domain"}));
  add_attribute(a, "floe.product", value_or_null(artifacts, {"product", "name"}));
  add_attribute(a, "floe.product.version", value_or_null(artifacts, {"product", "version"}));
  add_attribute(a, "floe.platform", value_or_null(artifacts, {"platform", "name"}));
  add_attribute(a, "floe.platform.version", value_or_null(artifacts, {"platform", "version"}));
  add_attribute(a, "floe.platform.source_hash", value_or_null(artifacts, {"metadata", "source_hash"}));
  add_attribute(a, "floe.run_id", json::string(run_id));
  add_attribute(a, "telemetry.sdk.name", json::string("floe"));
  add_attribute(a, "telemetry.sdk.language", json::string("cpp"));
  add_attribute(a, "telemetry.sdk.version", json::string(FLOE_VERSION_STRING));
  return a;
}

class TelemetryObserver final : public RunObserver {
 public:
  TelemetryObserver(const ObserverSetup& setup, Destination destination)
      : report_(setup.report),
        product_dir_(setup.product_dir),
        endpoint_(std::move(destination.endpoint)),
        resource_(resource_attributes(setup.artifacts, setup.run_id)),
        trace_id_(ids_.new_trace_id()),
        root_span_id_(ids_.new_span_id()),
        trace_(trace_id_, root_span_id_, string_at(setup.artifacts, {"plugins", "compute", "type"}),
               [this](const Span& span) { add_span(span); }),
        exporter_(std::move(destination.settings)) {}

  void add_tool_environment(std::map<std::string, std::string>& env) override {
    env["TRACEPARENT"] = traceparent(trace_id_, root_span_id_);
  }

  void on_event(const json::object& event) override {
    trace_.on_event(event);
    metrics_.on_event(event);
    std::string type = string_at(event, {"type"});
    if (type == "step_finished" || type == "run_finished") flush();
  }

  void close() override {
    flush();
    if (metrics_.points() > 0) exporter_.send_metrics(metrics_request(resource_, metrics_.encode()), metrics_.points());
    DeliveryCount count = exporter_.finish();
    if (count.spans_dropped == 0 && count.points_dropped == 0) return;
    warn(report_, product_dir_, fmt::format("telemetry to {} was not delivered: {}; {} span(s) and {} metric point(s) dropped "
                              "({} span(s) and {} point(s) arrived)",
                              endpoint_, count.problem, count.spans_dropped, count.points_dropped, count.spans_sent,
                              count.points_sent));
  }

 private:
  void add_span(const Span& span) {
    batch_.push_back(encode_span(span));
    if (batch_.size() >= kBatchSpans) flush();
  }

  void flush() {
    if (batch_.empty()) return;
    std::size_t n = batch_.size();
    exporter_.send_spans(traces_request(resource_, std::move(batch_)), n);
    batch_ = json::array();
  }

  CompileReport& report_;
  std::string product_dir_;
  std::string endpoint_;
  json::array resource_;
  TraceIds ids_;
  std::string trace_id_, root_span_id_;
  RunTrace trace_;
  RunMetrics metrics_;
  json::array batch_;
  OtlpExporter exporter_;
};

}  // namespace

std::unique_ptr<RunObserver> make_telemetry_observer(const ObserverSetup& setup) {
  std::string warning;
  auto destination = resolve_destination(setup.artifacts, setup.registry, warning);
  if (!destination) {
    if (!warning.empty()) warn(setup.report, setup.product_dir, "no telemetry for this run: " + warning);
    return nullptr;
  }
  return std::make_unique<TelemetryObserver>(setup, std::move(*destination));
}

}  // namespace floe::observe
