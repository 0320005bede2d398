// The backends this one source is built for. Each is its own .so with its
// own descriptor (name, description, config schema) in
// floe.telemetry_backends/, so a platform selects `type: jaeger` and an
// enterprise approves [jaeger] as for any other plugin; they differ only in
// the defaults below and in their Helm values (helm_values.cpp).
#ifndef FLOE_TELEMETRY_OTLP_VARIANT_HPP
#define FLOE_TELEMETRY_OTLP_VARIANT_HPP

#include <array>
#include <cstddef>

namespace floe::telemetry_otlp {

enum class backend { otlp, jaeger, datadog, grafana_cloud };

// A header the backend reads its credential from, filled from one of the
// platform's secret references (plugins.telemetry_backend.secrets.<key>)
// when the selection has that key.
struct default_secret_header {
  const char* header;      // e.g. "DD-API-KEY"
  const char* secret_key;  // e.g. "api_key"
  const char* prefix;      // put before the secret's value, e.g. "Basic "
};

struct variant {
  backend kind;
  const char* name;
  const char* description;
  const char* default_endpoint;  // nullptr: the platform must name one
  default_secret_header secret_header;  // header == nullptr: none
};

inline constexpr std::array<variant, 4> variants = {{
    {backend::otlp, "otlp", "Any OTLP/HTTP collector (the OpenTelemetry Collector, Tempo, ...): endpoint and headers as configured",
     "http://localhost:4318", {nullptr, nullptr, nullptr}},
    {backend::jaeger, "jaeger", "Jaeger v2 (its OTLP/HTTP receiver on port 4318)", "http://localhost:4318",
     {nullptr, nullptr, nullptr}},
    {backend::datadog, "datadog",
     "Datadog: the Datadog Agent's OTLP/HTTP receiver, or the OTLP intake with the API key as DD-API-KEY",
     "http://localhost:4318", {"DD-API-KEY", "api_key", ""}},
    {backend::grafana_cloud, "grafana-cloud",
     "Grafana Cloud's OTLP gateway (the stack's endpoint; Basic auth from the secret basic_auth)", nullptr,
     {"Authorization", "basic_auth", "Basic "}},
}};

}  // namespace floe::telemetry_otlp

#endif  // FLOE_TELEMETRY_OTLP_VARIANT_HPP
