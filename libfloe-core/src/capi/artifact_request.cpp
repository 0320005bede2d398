#include "capi/artifact_request.hpp"

#include <boost/json.hpp>

namespace floe {
namespace json = boost::json;

std::string request_string(const json::object& o, const char* key, std::string fallback) {
  auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : fallback;
}

bool request_flag(const json::object& o, const char* key, bool fallback) {
  auto* v = o.if_contains(key);
  return v && v->is_bool() ? v->as_bool() : fallback;
}

std::vector<std::string> request_strings(const json::object& o, const char* key) {
  std::vector<std::string> out;
  if (auto* v = o.if_contains(key); v && v->is_array())
    for (const auto& s : v->as_array())
      if (s.is_string()) out.emplace_back(s.as_string());
  return out;
}

oci::ArtifactOptions artifact_options_from_request(const json::object& request) {
  oci::ArtifactOptions options;
  auto* ro = request.if_contains("registry_options");
  if (!ro || !ro->is_object()) return options;
  const auto& o = ro->as_object();
  auto& r = options.registry;
  r.insecure_tls = request_flag(o, "insecure", false);
  r.ca_file = request_string(o, "ca_file");
  // Asking for a CA or for unverified TLS means the registry speaks TLS,
  // loopback ones included (they use plain HTTP otherwise).
  if (request_flag(o, "plain_http", false))
    r.scheme = oci::RegistryOptions::Scheme::http;
  else if (r.insecure_tls || !r.ca_file.empty())
    r.scheme = oci::RegistryOptions::Scheme::https;
  r.username = request_string(o, "username");
  r.password = request_string(o, "password");
  r.token = request_string(o, "token");
  auto number = [&](const char* key, auto& field) {
    if (auto* v = o.if_contains(key); v && v->is_int64() && v->as_int64() >= 0)
      field = static_cast<std::remove_reference_t<decltype(field)>>(v->as_int64());
  };
  number("timeout_ms", r.timeout_ms);
  number("connect_timeout_ms", r.connect_timeout_ms);
  number("retries", r.max_retries);
  options.cache_root = request_string(o, "cache_dir");
  return options;
}

}  // namespace floe
