// What the two semantic layer plugins share: their requests read strictly.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <initializer_list>
#include <string>

#include "floe/plugin.hpp"

namespace floe::semantic_layers {

inline void refuse_unknown_keys(const boost::json::object& o, std::initializer_list<const char*> keys,
                                const char* what) {
  for (const auto& [key, value] : o) {
    bool known = false;
    for (const char* k : keys) known = known || key == k;
    if (!known)
      throw floe::sdk::error(FLOE_ERR_INVALID_ARGUMENT, "unknown key '" + std::string(key) + "' in the " + what);
  }
}

struct SyncRequest {
  std::string manifest_path, output_dir;
};
inline SyncRequest parse_sync_request(const boost::json::value& request) {
  const auto& o = floe::sdk::as_object(request, "sync_from_dbt_manifest request");
  refuse_unknown_keys(o, {"manifest_path", "output_dir"}, "sync_from_dbt_manifest request");
  SyncRequest r{floe::sdk::required_string(o, "manifest_path"), floe::sdk::required_string(o, "output_dir")};
  if (r.manifest_path.empty() || r.manifest_path.front() != '/' || r.output_dir.empty() || r.output_dir.front() != '/')
    throw floe::sdk::error(FLOE_ERR_INVALID_ARGUMENT, "manifest_path and output_dir must be absolute paths");
  return r;
}

// {"context": {"namespace", "roles"}}: what a query carries to be filtered.
inline boost::json::value security_context(const boost::json::value& request, const char* layer) {
  const auto& o = floe::sdk::as_object(request, "get_security_context request");
  refuse_unknown_keys(o, {"namespace", "roles"}, "get_security_context request");
  std::string ns = floe::sdk::required_string(o, "namespace");
  const boost::json::value* roles = o.if_contains("roles");
  if (roles == nullptr || !roles->is_array())
    throw floe::sdk::error(FLOE_ERR_INVALID_ARGUMENT, "key 'roles': expected an array of strings");
  for (const auto& r : roles->get_array())
    if (!r.is_string()) throw floe::sdk::error(FLOE_ERR_INVALID_ARGUMENT, "key 'roles': expected an array of strings");
  return boost::json::object{{"context", boost::json::object{{"namespace", ns}, {"roles", *roles}, {"layer", layer}}}};
}

}  // namespace floe::semantic_layers
