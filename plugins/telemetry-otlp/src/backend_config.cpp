#include "backend_config.hpp"

#include <algorithm>

#include "floe/plugin.hpp"

namespace floe::telemetry_otlp {
namespace json = boost::json;
using floe::sdk::error;

namespace {

// "env:NAME" or "file:/absolute/path": the only forms a request may carry.
bool is_secret_reference(const std::string& text) {
  if (text.rfind("env:", 0) == 0) return text.size() > 4;
  if (text.rfind("file:/", 0) == 0) return text.size() > 6;
  return false;
}

std::map<std::string, std::string> request_secrets(const json::object& request) {
  std::map<std::string, std::string> out;
  auto it = request.find("secrets");
  if (it == request.end() || it->value().is_null()) return out;
  if (!it->value().is_object()) throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'secrets': expected a JSON object");
  for (const auto& [key, value] : it->value().get_object()) {
    // Never echo the value: a request may carry a secret by mistake.
    if (!value.is_string() || !is_secret_reference(std::string(value.get_string())))
      throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'secrets." + std::string(key) +
                                                 "': expected a secret reference (env:NAME or file:/path)");
    out[std::string(key)] = std::string(value.get_string());
  }
  return out;
}

// Letters, digits, '-' and '_': a header name that cannot smuggle anything in.
std::string header_name(std::string_view name, const char* where) {
  bool ok = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
  if (!ok)
    throw error(FLOE_ERR_INVALID_ARGUMENT, std::string(where) + ": '" + std::string(name) +
                                               "' is not a header name (letters, digits, - and _)");
  return std::string(name);
}

std::string platform_protocol(const std::string& text) {
  if (text == "http" || text == "http/json") return "http/json";
  if (text == "http/protobuf" || text == "grpc") return text;
  throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'protocol': expected http, http/json, http/protobuf or grpc");
}

}  // namespace

void refuse_unknown_keys(const json::object& request, std::initializer_list<std::string_view> accepted) {
  for (const auto& [key, value] : request) {
    (void)value;
    if (std::find(accepted.begin(), accepted.end(), std::string_view(key)) != accepted.end()) continue;
    std::string names;
    for (auto name : accepted) names += (names.empty() ? "" : ", ") + std::string(name);
    throw error(FLOE_ERR_INVALID_ARGUMENT, "unknown key '" + std::string(key) + "'; accepted keys: " + names);
  }
}

backend_config parse_backend_config(const json::object& config) {
  backend_config out;
  out.endpoint = floe::sdk::optional_string(config, "endpoint");
  out.protocol = floe::sdk::optional_string(config, "protocol");
  if (auto t = floe::sdk::optional_int(config, "timeout_ms")) {
    if (*t < 100 || *t > 60000) throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'timeout_ms': must be 100 to 60000");
    out.timeout_ms = static_cast<int>(*t);
  }
  if (auto s = floe::sdk::optional_string(config, "site")) out.site = *s;
  if (auto it = config.find("headers"); it != config.end() && it->value().is_object())
    for (const auto& [name, value] : it->value().get_object())
      if (value.is_string()) out.headers[header_name(name, "headers")] = std::string(value.get_string());
  if (auto it = config.find("secret_headers"); it != config.end() && it->value().is_object())
    for (const auto& [name, spec] : it->value().get_object()) {
      const auto& object = floe::sdk::as_object(spec, "secret_headers." + std::string(name));
      out.secret_headers[header_name(name, "secret_headers")] = {floe::sdk::required_string(object, "secret"),
                                               floe::sdk::optional_string(object, "prefix").value_or("")};
    }
  return out;
}

exporter_settings settle(const variant& v, const backend_config& config, const json::object& request) {
  exporter_settings s;
  auto from_platform = floe::sdk::optional_string(request, "endpoint");
  if (config.endpoint) s.endpoint = *config.endpoint;
  else if (from_platform && !from_platform->empty()) s.endpoint = *from_platform;
  else if (v.default_endpoint != nullptr) s.endpoint = v.default_endpoint;
  else
    throw error(FLOE_ERR_INVALID_ARGUMENT,
                std::string("the ") + v.name +
                    " backend has no default endpoint: set plugins.telemetry_backend.config.endpoint or "
                    "observability.traces.endpoint to the OTLP endpoint of your stack");
  if (config.protocol) s.protocol = *config.protocol;
  else if (auto p = floe::sdk::optional_string(request, "protocol")) s.protocol = platform_protocol(*p);
  else s.protocol = "http/json";
  s.headers = config.headers;
  s.timeout_ms = config.timeout_ms;

  auto secrets = request_secrets(request);
  if (v.secret_header.header != nullptr && !config.secret_headers.count(v.secret_header.header))
    if (auto it = secrets.find(v.secret_header.secret_key); it != secrets.end())
      s.secret_headers[v.secret_header.header] = {it->second, v.secret_header.prefix};
  for (const auto& [header, spec] : config.secret_headers) {
    auto it = secrets.find(spec.secret_key);
    if (it == secrets.end())
      throw error(FLOE_ERR_INVALID_ARGUMENT, "secret_headers." + header + " reads the secret '" + spec.secret_key +
                                                 "', which plugins.telemetry_backend.secrets does not have");
    s.secret_headers[header] = {it->second, spec.prefix};
  }
  return s;
}

json::object exporter_config_json(const exporter_settings& s) {
  json::object headers;
  for (const auto& [k, v] : s.headers) headers[k] = v;
  json::object secret_headers;
  for (const auto& [k, spec] : s.secret_headers) {
    json::object entry{{"secret", spec.first}};
    if (!spec.second.empty()) entry["prefix"] = spec.second;
    secret_headers[k] = std::move(entry);
  }
  return {{"endpoint", s.endpoint},
          {"protocol", s.protocol},
          {"insecure", s.endpoint.rfind("http://", 0) == 0},
          {"headers", std::move(headers)},
          {"secret_headers", std::move(secret_headers)},
          {"timeout_ms", s.timeout_ms}};
}

}  // namespace floe::telemetry_otlp
