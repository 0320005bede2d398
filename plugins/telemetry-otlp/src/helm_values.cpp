#include "helm_values.hpp"

namespace floe::telemetry_otlp {
namespace json = boost::json;

namespace {

// "env:NAME" -> "${env:NAME}", "file:/p" -> "${file:/p}": the collector's
// configuration providers read the secret where the pod has it.
std::string collector_reference(const std::string& reference) { return "${" + reference + "}"; }

json::object chart(const char* repository, const char* name) { return {{"repository", repository}, {"name", name}}; }

// The OpenTelemetry Collector chart: receive OTLP from the cluster's
// workloads, forward traces and metrics to the backend.
json::object collector_values(const exporter_settings& s) {
  json::object headers;
  for (const auto& [k, v] : s.headers) headers[k] = v;
  for (const auto& [k, spec] : s.secret_headers) headers[k] = spec.second + collector_reference(spec.first);
  bool grpc = s.protocol == "grpc";
  const char* exporter = grpc ? "otlp" : "otlphttp";
  json::object exporter_config{{"endpoint", s.endpoint}, {"timeout", std::to_string(s.timeout_ms) + "ms"}};
  if (!headers.empty()) exporter_config["headers"] = std::move(headers);
  if (!grpc) exporter_config["encoding"] = s.protocol == "http/json" ? "json" : "proto";
  json::object pipeline{{"receivers", json::array{"otlp"}}, {"exporters", json::array{exporter}}};
  return {{"mode", "deployment"},
          {"image", json::object{{"repository", "otel/opentelemetry-collector"}}},
          {"config", json::object{{"receivers", json::object{{"otlp", json::object{{"protocols", json::object{
                                                                  {"http", json::object{{"endpoint", "0.0.0.0:4318"}}},
                                                                  {"grpc", json::object{{"endpoint", "0.0.0.0:4317"}}}}}}}}},
                                  {"exporters", json::object{{exporter, std::move(exporter_config)}}},
                                  {"service", json::object{{"pipelines", json::object{{"traces", pipeline},
                                                                                      {"metrics", pipeline}}}}}}}};
}

}  // namespace

json::object helm_values(const variant& v, const backend_config& config, const exporter_settings& settings) {
  switch (v.kind) {
    case backend::jaeger:
      // Jaeger all-in-one (v2): its OTLP receiver is what floe exports to.
      return {{"chart", chart("https://jaegertracing.github.io/helm-charts", "jaeger")},
              {"values", json::object{{"allInOne", json::object{{"enabled", true}}},
                                      {"storage", json::object{{"type", "memory"}}},
                                      {"provisionDataStore", json::object{{"cassandra", false}, {"elasticsearch", false}}},
                                      {"agent", json::object{{"enabled", false}}},
                                      {"collector", json::object{{"enabled", false}}},
                                      {"query", json::object{{"enabled", false}}}}}};
    case backend::datadog:
      // The Datadog Agent with its OTLP/HTTP receiver on; the API key comes
      // from the secret the deployment names (datadog.apiKeyExistingSecret).
      return {{"chart", chart("https://helm.datadoghq.com", "datadog")},
              {"values", json::object{{"datadog", json::object{
                                                      {"site", config.site},
                                                      {"otlp", json::object{{"receiver", json::object{{"protocols", json::object{
                                                                    {"http", json::object{{"enabled", true},
                                                                                          {"endpoint", "0.0.0.0:4318"}}}}}}}}}}}}}};
    case backend::otlp:
    case backend::grafana_cloud:
      break;
  }
  return {{"chart", chart("https://open-telemetry.github.io/opentelemetry-helm-charts", "opentelemetry-collector")},
          {"values", collector_values(settings)}};
}

}  // namespace floe::telemetry_otlp
