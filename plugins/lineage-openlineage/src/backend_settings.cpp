#include "backend_settings.hpp"

#include "floe/plugin.hpp"

namespace floe::lineage_openlineage {
namespace {

using floe::sdk::error;

[[noreturn]] void bad_config(std::string_view key, std::string_view problem) {
  throw error(FLOE_ERR_INVALID_CONFIG, "key '" + std::string(key) + "': " + std::string(problem));
}

std::optional<std::string> config_text(const boost::json::object& config, std::string_view key) {
  const boost::json::value* v = config.if_contains(key);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (!v->is_string()) bad_config(key, "expected a string");
  return std::string(v->get_string());
}

double config_number(const boost::json::object& config, std::string_view key, double fallback) {
  const boost::json::value* v = config.if_contains(key);
  if (v == nullptr) return fallback;
  if (!v->is_number()) bad_config(key, "expected a number of seconds");
  return v->to_number<double>();
}

// A secret reference names where the value is, never the value itself.
bool is_secret_reference(std::string_view text) {
  return (text.starts_with("env:") && text.size() > 4) || (text.starts_with("file:/") && text.size() > 6);
}

}  // namespace

http_settings parse_http_settings(const boost::json::object& config) {
  http_settings s;
  s.url = config_text(config, "url");
  if (s.url && !(s.url->starts_with("http://") || s.url->starts_with("https://")))
    bad_config("url", "expected an http:// or https:// URL");
  s.endpoint = config_text(config, "endpoint");
  s.timeout_s = config_number(config, "timeout_seconds", s.timeout_s);
  if (s.timeout_s <= 0) bad_config("timeout_seconds", "must be above zero");
  s.drain_timeout_s = config_number(config, "drain_timeout", s.drain_timeout_s);
  if (s.drain_timeout_s < 0) bad_config("drain_timeout", "must not be negative");
  if (const boost::json::value* v = config.if_contains("allow_insecure_http")) {
    if (!v->is_bool()) bad_config("allow_insecure_http", "expected true or false");
    s.allow_insecure_http = v->get_bool();
  }
  s.environment = config_text(config, "environment").value_or("");
  return s;
}

file_settings parse_file_settings(const boost::json::object& config) {
  file_settings s;
  if (auto path = config_text(config, "path")) {
    if (path->empty()) bad_config("path", "must not be empty");
    s.path = *path;
  }
  s.environment = config_text(config, "environment").value_or("");
  return s;
}

void refuse_unknown_keys(const boost::json::object& request, std::initializer_list<std::string_view> accepted) {
  for (const auto& member : request) {
    bool known = false;
    for (auto key : accepted) known = known || member.key() == key;
    if (!known) throw error(FLOE_ERR_INVALID_ARGUMENT, "unknown key '" + std::string(member.key()) + "'");
  }
}

transport_request parse_transport_request(const boost::json::value& request) {
  const auto& object = floe::sdk::as_object(request, "get_transport_config request");
  refuse_unknown_keys(object, {"project_dir", "endpoint", "secrets"});
  transport_request r;
  r.project_dir = floe::sdk::required_string(object, "project_dir");
  if (!r.project_dir.starts_with("/"))
    throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'project_dir': expected an absolute path");
  r.endpoint = floe::sdk::optional_string(object, "endpoint");
  if (r.endpoint && !(r.endpoint->starts_with("http://") || r.endpoint->starts_with("https://")))
    throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'endpoint': expected an http:// or https:// URL");
  if (const boost::json::value* secrets = object.if_contains("secrets")) {
    const auto& refs = floe::sdk::as_object(*secrets, "key 'secrets'");
    for (const auto& [key, ref] : refs) {
      // Never echo the offending text: it may be a secret value put where a
      // reference belongs.
      if (!ref.is_string() || !is_secret_reference(ref.get_string()))
        throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'secrets." + std::string(key) +
                                                   "': expected a secret reference (env:NAME or file:/path)");
      r.secrets[std::string(key)] = std::string(ref.get_string());
    }
  }
  return r;
}

std::optional<std::int64_t> parse_timeout_ms(const boost::json::value& request) {
  const auto& object = floe::sdk::as_object(request, "validate_connection request");
  refuse_unknown_keys(object, {"timeout_ms"});
  auto timeout = floe::sdk::optional_int(object, "timeout_ms");
  if (timeout && *timeout <= 0) throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'timeout_ms': must be above zero");
  return timeout;
}

}  // namespace floe::lineage_openlineage
