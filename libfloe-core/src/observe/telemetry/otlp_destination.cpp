#include "observe/telemetry/otlp_destination.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>

#include "core/environment.hpp"
#include "core/json_path.hpp"
#include "core/secret_reference.hpp"
#include "plugin/host_api.hpp"

namespace floe::observe::telemetry {
namespace json = boost::json;

namespace {

constexpr long kDefaultTimeoutMs = 5000;
constexpr long kMinTimeoutMs = 100;
constexpr long kMaxTimeoutMs = 60000;

// A header line must not be able to start another header.
bool safe_header_text(const std::string& text) {
  return text.find_first_of("\r\n") == std::string::npos;
}

bool valid_header_name(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

// The selection's secret references in the host's form; a reference only a
// secrets plugin can resolve (secret_ref, k8s, vault) is read from the
// variable the deployment injects it as (the selection's env_var).
json::object secret_references(const json::value* secrets) {
  json::object out;
  if (secrets == nullptr || !secrets->is_object()) return out;
  for (const auto& [key, secret] : secrets->as_object()) {
    const json::value* reference = find_path(secret, {"reference"});
    std::string ref = reference != nullptr ? host_secret_reference(*reference) : std::string();
    if (ref.empty() && !string_at(secret, {"env_var"}).empty()) ref = "env:" + string_at(secret, {"env_var"});
    if (!ref.empty()) out[key] = ref;
  }
  return out;
}

// The exporter settings of a plugin's (or the platform's) answer; "" when
// they are usable, else why not.
std::string read_exporter_config(const json::object& config, const std::string& chosen_by, Destination& out) {
  out.endpoint = string_at(config, {"endpoint"});
  std::string protocol = string_at(config, {"protocol"}, "http/json");
  if (out.endpoint.empty()) return fmt::format("{} names no OTLP endpoint", chosen_by);
  if (out.endpoint.rfind("http://", 0) != 0 && out.endpoint.rfind("https://", 0) != 0)
    return fmt::format("{} names the endpoint '{}', which is not an http:// or https:// URL", chosen_by, out.endpoint);
  if (protocol == "grpc")
    return fmt::format(
        "{} names OTLP over gRPC at {}; floe exports OTLP over HTTP only: set observability.traces.protocol to http "
        "and the endpoint to the collector's OTLP/HTTP address (port 4318 by default)",
        chosen_by, out.endpoint);
  out.settings.traces_url = signal_url(out.endpoint, "traces");
  out.settings.metrics_url = signal_url(out.endpoint, "metrics");
  long timeout = kDefaultTimeoutMs;
  if (const json::value* t = config.if_contains("timeout_ms"); t != nullptr && t->is_int64())
    timeout = std::clamp(static_cast<long>(t->as_int64()), kMinTimeoutMs, kMaxTimeoutMs);
  out.settings.timeout = std::chrono::milliseconds(timeout);
  if (const json::value* headers = config.if_contains("headers"); headers != nullptr && headers->is_object()) {
    for (const auto& [name, value] : headers->as_object()) {
      std::string key(name);
      if (!valid_header_name(key) || !value.is_string() || !safe_header_text(std::string(value.as_string())))
        return fmt::format("{} gives the header '{}' a name or value floe cannot send", chosen_by, key);
      out.settings.headers.push_back(fmt::format("{}: {}", key, std::string(value.as_string())));
    }
  }
  // Secret headers are resolved here, by the host, right before the run
  // exports; their values live only in the exporter's request headers.
  if (const json::value* secret = config.if_contains("secret_headers"); secret != nullptr && secret->is_object()) {
    for (const auto& [name, spec] : secret->as_object()) {
      std::string key(name);
      std::string reference = string_at(spec, {"secret"});
      std::string value, problem;
      if (!valid_header_name(key) || reference.empty())
        return fmt::format("{} gives the secret header '{}' no usable secret reference", chosen_by, key);
      if (resolve_secret_reference(reference, value, problem) != FLOE_OK)
        return fmt::format("the header {} needs the secret {}, which cannot be resolved ({})", key, reference,
                           problem);
      std::string line = fmt::format("{}: {}{}", key, string_at(spec, {"prefix"}), value);
      if (!safe_header_text(line))
        return fmt::format("the secret {} of the header {} holds a line break", reference, key);
      out.settings.headers.push_back(std::move(line));
    }
  }
  return {};
}

}  // namespace

std::string signal_url(std::string endpoint, const char* signal) {
  if (!endpoint.empty() && endpoint.back() == '/') endpoint.pop_back();
  return fmt::format("{}/v1/{}", endpoint, signal);
}

namespace {

// A destination named by an endpoint alone (no plugin): OTLP over HTTP with
// the JSON encoding unless the protocol says gRPC, which read_exporter_config
// refuses with the fix.
std::optional<Destination> endpoint_destination(const std::string& endpoint, const std::string& protocol,
                                                const char* chosen_by, std::string& warning) {
  Destination out;
  out.chosen_by = chosen_by;
  json::object config{{"endpoint", endpoint}, {"protocol", protocol == "grpc" ? "grpc" : "http/json"}};
  warning = read_exporter_config(config, out.chosen_by, out);
  if (!warning.empty()) return std::nullopt;
  return out;
}

}  // namespace

std::optional<Destination> resolve_destination(const json::object& artifacts, Registry& registry,
                                               std::string& warning) {
  warning.clear();
  // OpenTelemetry's own switches, as its SDKs read them: OTEL_SDK_DISABLED
  // turns telemetry off; OTEL_EXPORTER_OTLP_ENDPOINT (with
  // OTEL_EXPORTER_OTLP_PROTOCOL) sends this run's telemetry there instead of
  // where the platform says.
  if (environment_flag("OTEL_SDK_DISABLED")) return std::nullopt;
  if (std::string endpoint = environment_value("OTEL_EXPORTER_OTLP_ENDPOINT"); !endpoint.empty())
    return endpoint_destination(endpoint, environment_value("OTEL_EXPORTER_OTLP_PROTOCOL"),
                                "OTEL_EXPORTER_OTLP_ENDPOINT", warning);
  const json::value* traces = find_path(artifacts, {"telemetry", "traces"});
  if (traces != nullptr && traces->is_object())
    if (const json::value* enabled = traces->as_object().if_contains("enabled");
        enabled != nullptr && enabled->is_bool() && !enabled->as_bool())
      return std::nullopt;
  std::string platform_endpoint = traces != nullptr ? string_at(*traces, {"endpoint"}) : std::string();
  std::string platform_protocol = traces != nullptr ? string_at(*traces, {"protocol"}) : std::string();

  Destination out;
  const json::value* backend = find_path(artifacts, {"plugins", "telemetry_backend"});
  std::string type = backend != nullptr ? string_at(*backend, {"type"}) : std::string();
  if (!type.empty()) {
    out.chosen_by = fmt::format("the telemetry_backend plugin '{}'", type);
    json::object config;
    if (const json::value* c = find_path(*backend, {"config"}); c != nullptr && c->is_object()) config = c->as_object();
    auto opened = registry.open("telemetry_backend", type, json::serialize(config));
    if (!opened && opened.error().code != FLOE_ERR_NOT_FOUND) {
      warning = fmt::format("{} could not be opened: {}", out.chosen_by, opened.error().message);
      return std::nullopt;
    }
    if (opened) {
      json::object request;
      if (!platform_endpoint.empty()) request["endpoint"] = platform_endpoint;
      if (!platform_protocol.empty()) request["protocol"] = platform_protocol;
      request["secrets"] = secret_references(find_path(*backend, {"secrets"}));
      auto answer = registry.call_value(*opened.value(), "get_otlp_exporter_config", request);
      json::value parsed = answer ? std::move(answer).value() : json::value();
      if (!answer || !parsed.is_object()) {
        warning = fmt::format("{} gave no exporter configuration: {}", out.chosen_by,
                              answer ? "its answer is not a JSON object" : answer.error().message);
        return std::nullopt;
      }
      warning = read_exporter_config(parsed.as_object(), out.chosen_by, out);
      if (!warning.empty()) return std::nullopt;
      return out;
    }
    // Selected but not installed here: the platform's own endpoint, if any.
    if (platform_endpoint.empty()) {
      warning = fmt::format("{} is not installed here and observability.traces names no endpoint", out.chosen_by);
      return std::nullopt;
    }
  }
  if (platform_endpoint.empty()) return std::nullopt;
  return endpoint_destination(platform_endpoint, platform_protocol, "observability.traces.endpoint", warning);
}

}  // namespace floe::observe::telemetry
