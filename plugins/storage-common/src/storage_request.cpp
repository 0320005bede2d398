#include "storage_request.hpp"

#include <algorithm>
#include <cctype>

#include "floe/plugin.hpp"

namespace floe::storage_common {
namespace json = boost::json;
using floe::sdk::error;

namespace {

std::string joined(std::initializer_list<std::string_view> names) {
  std::string out;
  for (auto name : names) out += (out.empty() ? "" : ", ") + std::string(name);
  return out;
}

bool is_host_reference(std::string_view text) {
  if (text.rfind("env:", 0) == 0) {
    std::string_view name = text.substr(4);
    return !name.empty() && (std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_') &&
           std::all_of(name.begin(), name.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
  }
  return text.rfind("file:/", 0) == 0 && text.size() > 6;
}

}  // namespace

void refuse_unknown_keys(const json::object& request, std::initializer_list<std::string_view> accepted) {
  for (const auto& [key, value] : request) {
    (void)value;
    if (std::find(accepted.begin(), accepted.end(), std::string_view(key)) != accepted.end()) continue;
    throw error(FLOE_ERR_INVALID_ARGUMENT, "unknown key '" + std::string(key) + "'; accepted keys: " +
                                               (accepted.size() == 0 ? std::string("none") : joined(accepted)));
  }
}

std::map<std::string, std::string> request_secrets(const json::object& request,
                                                   std::initializer_list<std::string_view> known) {
  std::map<std::string, std::string> out;
  auto it = request.find("secrets");
  if (it == request.end() || it->value().is_null()) return out;
  if (!it->value().is_object()) throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'secrets': expected a JSON object");
  for (const auto& [key, value] : it->value().get_object()) {
    std::string name(key);
    if (std::find(known.begin(), known.end(), std::string_view(name)) == known.end())
      throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'secrets." + name + "': not a secret this plugin takes; accepted: " +
                                                 joined(known));
    if (!value.is_string() || !is_host_reference(value.get_string()))
      throw error(FLOE_ERR_INVALID_ARGUMENT,
                  "key 'secrets." + name + "': expected a secret reference (env:NAME or file:/path), not a value");
    out[name] = std::string(value.get_string());
  }
  return out;
}

std::chrono::milliseconds request_timeout(const json::object& request, std::chrono::milliseconds fallback) {
  auto timeout = floe::sdk::optional_int(request, "timeout_ms");
  if (!timeout) return fallback;
  if (*timeout <= 0 || *timeout > 600000)
    throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'timeout_ms': must be 1 to 600000");
  return std::chrono::milliseconds(*timeout);
}

std::string dbt_env_placeholder(const std::string& key, const std::string& reference) {
  if (reference.rfind("env:", 0) != 0)
    throw error(FLOE_ERR_INVALID_ARGUMENT,
                "key 'secrets." + key + "': dbt reads secrets from environment variables only; " + reference +
                    " is a file (pass the variable the run exports it as: env:NAME)");
  return "{{ env_var('" + reference.substr(4) + "') }}";
}

json::object check_answer(const char* status, double latency_ms, std::string message, json::array warnings) {
  return {{"status", status}, {"latency_ms", latency_ms}, {"message", std::move(message)}, {"warnings", std::move(warnings)}};
}

json::object health_from_check(const json::object& check) {
  json::object details;
  details["latency_ms"] = check.at("latency_ms");
  details["warnings"] = check.at("warnings");
  return {{"state", check.at("status")}, {"message", check.at("message")}, {"details", std::move(details)}};
}

void check_namespace(const std::string& ns) {
  bool ok = !ns.empty() && ns != "." && ns != ".." && ns.find("..") == std::string::npos &&
            std::all_of(ns.begin(), ns.end(), [](char c) {
              return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
            });
  if (!ok)
    throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'namespace': '" + ns +
                                               "' is not a namespace name (letters, digits, '_', '-', '.'; no '..')");
}

json::object warehouse_uri_answer(const json::value& request, const std::string& root) {
  const auto& object = floe::sdk::as_object(request, "get_warehouse_uri request");
  refuse_unknown_keys(object, {"namespace"});
  std::string ns = floe::sdk::required_string(object, "namespace");
  check_namespace(ns);
  return {{"uri", root + "/" + ns}};
}

json::object to_object(const std::map<std::string, std::string>& map) {
  json::object out;
  for (const auto& [k, v] : map) out[k] = v;
  return out;
}

}  // namespace floe::storage_common
