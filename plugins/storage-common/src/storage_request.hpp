// The parts of a storage (or catalog) method's request every plugin reads the
// same way: unknown keys refused, the selection's secret references
// ("secrets": {KEY: "env:NAME" | "file:/path"}) checked against the keys the
// plugin takes, and references turned into what answers carry.
#ifndef FLOE_STORAGE_COMMON_STORAGE_REQUEST_HPP
#define FLOE_STORAGE_COMMON_STORAGE_REQUEST_HPP

#include <boost/json.hpp>

#include <chrono>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace floe::storage_common {

// Throws INVALID_ARGUMENT naming the first key of `request` not in `accepted`.
void refuse_unknown_keys(const boost::json::object& request, std::initializer_list<std::string_view> accepted);

// The request's "secrets" (absent: empty). Each value must be a reference the
// host resolves ("env:NAME", "file:/path") and each key one of `known`; a
// value is never echoed in an error (a request may carry a secret by mistake).
std::map<std::string, std::string> request_secrets(const boost::json::object& request,
                                                   std::initializer_list<std::string_view> known);

// The request's "timeout_ms" (1 to 600000), else `fallback`.
std::chrono::milliseconds request_timeout(const boost::json::object& request, std::chrono::milliseconds fallback);

// {{ env_var('NAME') }} for an "env:NAME" reference: how a dbt profile reads
// a secret. A "file:" reference cannot be read by dbt: INVALID_ARGUMENT
// naming `key` (the host passes env:<variable> for what it exports).
std::string dbt_env_placeholder(const std::string& key, const std::string& reference);

// The secret `key` of `secrets` resolved through the host; nullopt with
// `problem` set (naming the key and reference, never a value) otherwise.
template <class Host>
std::optional<std::string> resolve_secret(const Host& host, const std::map<std::string, std::string>& secrets,
                                          const std::string& key, std::string& problem) {
  auto it = secrets.find(key);
  if (it == secrets.end()) {
    problem = "no secret '" + key + "' is given (plugins.storage.secrets." + key + ")";
    return std::nullopt;
  }
  auto value = host.secret(it->second);
  if (!value || value->empty()) {
    problem = "the secret reference " + it->second + " of plugins.storage.secrets." + key + " cannot be resolved here";
    return std::nullopt;
  }
  return value;
}

// A connection check's answer (the shape of every category's validate_connection).
boost::json::object check_answer(const char* status, double latency_ms, std::string message,
                                 boost::json::array warnings = {});

// health_check's shape from a check_answer.
boost::json::object health_from_check(const boost::json::object& check);

// Throws INVALID_ARGUMENT when a warehouse namespace cannot be a path segment
// of an object-store URI (empty, '/', '..', characters outside [A-Za-z0-9_.-]).
void check_namespace(const std::string& ns);

// get_warehouse_uri's answer for a storage whose warehouses live under `root`:
// {"uri": "<root>/<namespace>"}, the request checked.
boost::json::object warehouse_uri_answer(const boost::json::value& request, const std::string& root);

// A map of strings (secret references, properties) as a JSON object.
boost::json::object to_object(const std::map<std::string, std::string>& map);

}  // namespace floe::storage_common

#endif  // FLOE_STORAGE_COMMON_STORAGE_REQUEST_HPP
