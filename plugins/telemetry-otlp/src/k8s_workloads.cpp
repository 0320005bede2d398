#include "k8s_workloads.hpp"

#include <cctype>
#include <cstdlib>
#include <string>

#include "cluster_address.hpp"
#include "floe/plugin.hpp"

namespace floe::telemetry_otlp {

namespace json = boost::json;
using floe::sdk::error;

namespace {

constexpr const char* kCollectorImage = "docker.io/otel/opentelemetry-collector-contrib:0.115.1";
constexpr const char* kJaegerImage = "docker.io/jaegertracing/jaeger:2.10.0";

json::array otlp_ports() {
  return json::array{json::object{{"name", "otlp-grpc"}, {"port", 4317}}, json::object{{"name", "otlp-http"}, {"port", 4318}}};
}

// "X-Scope-OrgID" -> "OTEL_HEADER_X_SCOPE_ORGID": where the collector's
// ${env:...} provider reads a secret header's value.
std::string header_variable(const std::string& header) {
  std::string out = "OTEL_HEADER_";
  for (char c : header) out += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : '_';
  return out;
}

const json::value& secret_reference(const json::object& request, const std::string& key) {
  const json::value* secrets = request.if_contains("secrets");
  const json::value* ref = secrets != nullptr && secrets->is_object() ? secrets->as_object().if_contains(key) : nullptr;
  if (ref == nullptr || !ref->is_object())
    throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'secrets." + key + "': the deployed collector sends a header from this "
                                           "secret; give its reference under plugins.telemetry_backend.secrets." + key);
  return *ref;
}

}  // namespace

json::value k8s_workloads(const variant& v, const backend_config& config, const json::object& request) {
  std::string endpoint = floe::sdk::optional_string(request, "endpoint").value_or("");
  auto here = plugin_support::in_cluster(endpoint);
  if (!here) return json::object{{"workloads", json::array{}}};
  json::array notes;
  if (here->port != 4317 && here->port != 4318)
    notes.push_back(json::string("the platform's traces endpoint names port " + std::to_string(here->port) +
                                 "; the deployed service listens on 4317 (OTLP/gRPC) and 4318 (OTLP/HTTP)"));

  if (v.kind == backend::jaeger) {
    json::array ports = otlp_ports();
    ports.push_back(json::object{{"name", "ui"}, {"port", 16686}});
    json::object out{{"workloads", json::array{json::object{
                         {"name", here->service},
                         {"component", "jaeger"},
                         {"image", kJaegerImage},
                         {"ports", std::move(ports)},
                         {"health", json::object{{"path", "/"}, {"port", 16686}}},
                         {"resources", json::object{{"cpu_request", "100m"}, {"cpu_limit", "1"}, {"memory_request", "256Mi"}, {"memory_limit", "1Gi"}}}}}}};
    notes.push_back("Jaeger keeps traces in memory: they are lost when its pod restarts");
    out["notes"] = std::move(notes);
    return out;
  }

  // A collector in front of the backend the config names.
  json::object secret_env, headers;
  for (const auto& [header, value] : config.headers) headers[header] = value;
  auto add_secret_header = [&](const std::string& header, const std::string& key, const std::string& prefix) {
    std::string variable = header_variable(header);
    secret_env[variable] = secret_reference(request, key);
    headers[header] = prefix + "${env:" + variable + "}";
  };
  for (const auto& [header, spec] : config.secret_headers) add_secret_header(header, spec.secret_key, spec.prefix);
  if (v.secret_header.header != nullptr && !headers.contains(v.secret_header.header)) {
    const json::value* secrets = request.if_contains("secrets");
    if (secrets != nullptr && secrets->is_object() && secrets->as_object().contains(v.secret_header.secret_key))
      add_secret_header(v.secret_header.header, v.secret_header.secret_key, v.secret_header.prefix);
  }
  json::object exporters;
  json::array egress;
  std::string exporter;
  auto backend = config.endpoint ? plugin_support::in_cluster(*config.endpoint) : std::nullopt;
  if (!config.endpoint || (backend && backend->service == here->service)) {
    exporter = "debug";
    exporters["debug"] = json::object{{"verbosity", "basic"}};
    notes.push_back("no backend to forward to (plugins.telemetry_backend.config.endpoint names none apart from the "
                    "collector itself): the collector logs what it receives");
  } else {
    bool grpc = config.protocol && *config.protocol == "grpc";
    exporter = grpc ? "otlp" : "otlphttp";
    json::object e{{"endpoint", *config.endpoint}, {"timeout", std::to_string(config.timeout_ms) + "ms"}};
    if (!headers.empty()) e["headers"] = headers;
    exporters[exporter] = std::move(e);
    // In the cluster or outside it: the network policy must let the collector
    // (and nothing else) reach it.
    std::string url = *config.endpoint;
    auto start = url.find("://");
    std::string authority = url.substr(start == std::string::npos ? 0 : start + 3);
    authority = authority.substr(0, authority.find('/'));
    auto colon = authority.rfind(':');
    int port = colon == std::string::npos ? (url.rfind("https", 0) == 0 ? 443 : 80) : std::atoi(authority.c_str() + colon + 1);
    egress.push_back(json::object{{"host", authority.substr(0, colon)}, {"port", port}});
  }
  json::object pipeline{{"receivers", json::array{"otlp"}}, {"exporters", json::array{json::string(exporter)}}};
  json::object collector{
      {"receivers", json::object{{"otlp", json::object{{"protocols", json::object{{"grpc", json::object{{"endpoint", "0.0.0.0:4317"}}},
                                                                                  {"http", json::object{{"endpoint", "0.0.0.0:4318"}}}}}}}}},
      {"exporters", std::move(exporters)},
      {"extensions", json::object{{"health_check", json::object{{"endpoint", "0.0.0.0:13133"}}}}},
      {"service", json::object{{"extensions", json::array{"health_check"}},
                               {"pipelines", json::object{{"traces", pipeline}, {"metrics", pipeline}}}}}};
  json::object workload{{"name", here->service},
                        {"component", "collector"},
                        {"image", kCollectorImage},
                        {"args", json::array{"--config=/etc/otelcol/config.yaml"}},
                        {"ports", otlp_ports()},
                        {"config_files", json::object{{"mount", "/etc/otelcol"},
                                                      {"files", json::object{{"config.yaml", json::serialize(collector) + "\n"}}}}},
                        {"health", json::object{{"path", "/"}, {"port", 13133}}},
                        {"resources", json::object{{"cpu_request", "100m"}, {"cpu_limit", "1"}, {"memory_request", "128Mi"}, {"memory_limit", "512Mi"}}}};
  if (!secret_env.empty()) workload["secret_env"] = std::move(secret_env);
  if (!egress.empty()) workload["egress"] = std::move(egress);
  json::object out{{"workloads", json::array{std::move(workload)}}};
  if (!notes.empty()) out["notes"] = std::move(notes);
  return out;
}

}  // namespace floe::telemetry_otlp
