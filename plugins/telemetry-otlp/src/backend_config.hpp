// A telemetry backend's configuration (validated against config_schema.hpp
// by the host) and what the exporter gets from it: endpoint, protocol,
// headers, and secret headers as references.
#ifndef FLOE_TELEMETRY_OTLP_BACKEND_CONFIG_HPP
#define FLOE_TELEMETRY_OTLP_BACKEND_CONFIG_HPP

#include <boost/json.hpp>

#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "variant.hpp"

namespace floe::telemetry_otlp {

struct secret_header {
  std::string secret_key;  // a key of the platform's plugins.telemetry_backend.secrets
  std::string prefix;
};

struct backend_config {
  std::optional<std::string> endpoint;
  std::optional<std::string> protocol;
  std::map<std::string, std::string> headers;
  std::map<std::string, secret_header> secret_headers;
  int timeout_ms = 5000;
  std::string site = "datadoghq.com";  // datadog only
};

backend_config parse_backend_config(const boost::json::object& config);

// Where and how to export, for one request: the endpoint is the config's,
// else the platform's (request "endpoint"), else the backend's default;
// the protocol likewise ("http" from the platform means http/json).
struct exporter_settings {
  std::string endpoint;
  std::string protocol;
  std::map<std::string, std::string> headers;
  std::map<std::string, std::pair<std::string, std::string>> secret_headers;  // header -> (reference, prefix)
  int timeout_ms = 5000;
};

// `request` is {"endpoint"?: str, "protocol"?: str, "secrets"?: {KEY: secret_ref}}
// (also validate_connection's, with "timeout_ms"). Throws floe::sdk::error
// for a request that does not fit, or when no endpoint can be found.
exporter_settings settle(const variant& v, const backend_config& config, const boost::json::object& request);

// Throws FLOE_ERR_INVALID_ARGUMENT naming the first key of `request` that
// is not one of `accepted`.
void refuse_unknown_keys(const boost::json::object& request, std::initializer_list<std::string_view> accepted);

// The get_otlp_exporter_config answer.
boost::json::object exporter_config_json(const exporter_settings& s);

}  // namespace floe::telemetry_otlp

#endif  // FLOE_TELEMETRY_OTLP_BACKEND_CONFIG_HPP
