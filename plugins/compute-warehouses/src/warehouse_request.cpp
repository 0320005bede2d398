#include "warehouse_request.hpp"

#include <algorithm>

#include "floe/plugin.hpp"
#include "profile_builder.hpp"

namespace floe::compute_warehouses {
namespace {

using floe::sdk::error;

}  // namespace

std::string joined_names(std::initializer_list<std::string_view> names) {
  std::string joined;
  for (std::string_view name : names) joined += (joined.empty() ? "" : ", ") + std::string(name);
  return joined;
}

const boost::json::object& checked_request(const boost::json::value& request, std::string_view what,
                                           std::initializer_list<std::string_view> known) {
  const auto& object = floe::sdk::as_object(request, what);
  for (const auto& [key, item] : object) {
    if (std::find(known.begin(), known.end(), std::string_view(key)) != known.end()) continue;
    std::string accepted = joined_names(known);
    throw error(FLOE_ERR_INVALID_ARGUMENT, "unknown key '" + std::string(key) + "'; accepted keys: " +
                                               (accepted.empty() ? std::string("none") : accepted));
  }
  return object;
}

profile_request parse_lake_profile_request(const boost::json::value& value) {
  const auto& object =
      checked_request(value, "generate_dbt_profile request", {"profile_name", "target", "schema", "catalog"});
  profile_request request;
  request.profile_name = compute_duckdb::request_string(object, "profile_name", true);
  request.target = compute_duckdb::request_string(object, "target", true);
  if (std::string schema = compute_duckdb::request_string(object, "schema", false); !schema.empty())
    request.schema = schema;
  if (auto it = object.find("catalog"); it != object.end() && !it->value().is_null()) request.catalog = it->value();
  return request;
}

profile_request parse_profile_request(const boost::json::value& value, std::string_view engine_note) {
  profile_request request = parse_lake_profile_request(value);
  if (request.catalog) throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'catalog': " + std::string(engine_note));
  return request;
}

std::chrono::milliseconds check_budget(const boost::json::value& request, std::string_view what,
                                       std::chrono::milliseconds fallback) {
  const auto& object = checked_request(request, what, {"timeout_ms"});
  auto timeout_ms = floe::sdk::optional_int(object, "timeout_ms");
  if (!timeout_ms) return fallback;
  if (*timeout_ms <= 0 || *timeout_ms > 600000)
    throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'timeout_ms': expected 1 to 600000 milliseconds");
  return std::chrono::milliseconds(*timeout_ms);
}

const boost::json::value& catalog_of(const boost::json::value& request) {
  const auto& object = checked_request(request, "get_catalog_attachment_sql request", {"catalog"});
  auto it = object.find("catalog");
  if (it == object.end() || it->value().is_null())
    throw error(FLOE_ERR_INVALID_ARGUMENT, "missing required key 'catalog'");
  return it->value();
}

}  // namespace floe::compute_warehouses
