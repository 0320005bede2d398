// The JSON Schema of a telemetry backend's configuration, as published in
// its descriptor (the host validates the platform's plugins.telemetry_backend
// .config against it). endpoint and protocol have no schema default on
// purpose: absent, they come from the platform's observability.traces, then
// from the backend's default (backend_config.cpp).
#ifndef FLOE_TELEMETRY_OTLP_CONFIG_SCHEMA_HPP
#define FLOE_TELEMETRY_OTLP_CONFIG_SCHEMA_HPP

namespace floe::telemetry_otlp {

// One schema for every backend; site is read by datadog only.
inline constexpr char config_schema_json[] = R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "endpoint": {
      "type": "string",
      "pattern": "^https?://[^\\s]+$",
      "description": "Base URL of the OTLP/HTTP receiver; /v1/traces and /v1/metrics are appended. Overrides observability.traces.endpoint."
    },
    "protocol": {
      "type": "string",
      "enum": ["http/json", "http/protobuf", "grpc"],
      "description": "How the receiver is reached. floe run exports http/json; grpc is for services that export themselves (Helm values)."
    },
    "headers": {
      "type": "object",
      "additionalProperties": {"type": "string", "pattern": "^[^\\r\\n]*$"},
      "description": "Headers sent with every export (names of letters, digits, - and _). Not for credentials: those go in secret_headers."
    },
    "secret_headers": {
      "type": "object",
      "additionalProperties": {
        "type": "object",
        "additionalProperties": false,
        "required": ["secret"],
        "properties": {
          "secret": {"type": "string", "minLength": 1, "description": "A key of plugins.telemetry_backend.secrets."},
          "prefix": {"type": "string", "pattern": "^[^\\r\\n]*$", "description": "Put before the secret's value, e.g. 'Bearer '."}
        }
      },
      "description": "Headers whose values are secrets, by the name of the platform's secret reference; resolved by floe only when it exports."
    },
    "timeout_ms": {
      "type": "integer",
      "minimum": 100,
      "maximum": 60000,
      "default": 5000,
      "description": "Longest one export request may take before it is given up (and the run's remaining telemetry dropped)."
    },
    "site": {
      "type": "string",
      "pattern": "^[a-z0-9.-]+$",
      "default": "datadoghq.com",
      "description": "datadog: the Datadog site (datadoghq.com, datadoghq.eu, us5.datadoghq.com, ...) for the Helm values; the other backends ignore it."
    }
  }
})json";

}  // namespace floe::telemetry_otlp

#endif  // FLOE_TELEMETRY_OTLP_CONFIG_SCHEMA_HPP
