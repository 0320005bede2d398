#include "offline_catalog.hpp"

#include <algorithm>
#include <map>
#include <string_view>
#include <vector>

#include "floe/plugin.hpp"

namespace floe::catalog_common {
namespace json = boost::json;
using floe::sdk::error;

namespace {

struct method_keys {
  std::vector<std::string_view> accepted;
  std::vector<std::string_view> required;
};

// The request keys of each live method (docs/plugins/catalog.md).
const std::map<std::string_view, method_keys>& live_methods() {
  static const std::map<std::string_view, method_keys> methods = {
      {"connect", {{}, {}}},
      {"create_namespace", {{"namespace", "properties"}, {"namespace"}}},
      {"list_namespaces", {{"parent"}, {}}},
      {"delete_namespace", {{"namespace"}, {"namespace"}}},
      {"create_table", {{"identifier", "schema", "location", "properties"}, {"identifier", "schema"}}},
      {"list_tables", {{"namespace"}, {"namespace"}}},
      {"load_table", {{"identifier"}, {"identifier"}}},
      {"drop_table", {{"identifier", "purge"}, {"identifier"}}},
  };
  return methods;
}

}  // namespace

void refuse_live(const json::value& request, const char* method, const std::string& catalog, const std::string& plugin) {
  const auto& object = floe::sdk::as_object(request, std::string(method) + " request");
  const auto& keys = live_methods().at(method);
  for (const auto& [key, value] : object) {
    (void)value;
    if (std::find(keys.accepted.begin(), keys.accepted.end(), std::string_view(key)) == keys.accepted.end())
      throw error(FLOE_ERR_INVALID_ARGUMENT, "unknown key '" + std::string(key) + "' for " + method);
  }
  for (auto key : keys.required)
    if (!object.contains(key)) throw error(FLOE_ERR_INVALID_ARGUMENT, "missing required key '" + std::string(key) + "'");
  throw error(FLOE_ERR_UNAVAILABLE,
              plugin + " generates configuration only: floe has no client for " + catalog + ", so " + method +
                  " cannot reach one; engines reach it with the properties of get_engine_config (pyiceberg, Spark)");
}

void refuse_vending(const json::value& request, const std::string& catalog) {
  floe::sdk::as_object(request, "vend_credentials request");
  throw error(FLOE_ERR_NOT_IMPLEMENTED,
              "vend_credentials needs a live catalog, and floe has no client for " + catalog +
                  ": storage credentials come from the storage plugin or the workload's identity");
}

}  // namespace floe::catalog_common
