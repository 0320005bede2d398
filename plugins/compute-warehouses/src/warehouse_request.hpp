// The requests the warehouse plugins take, checked strictly: an unknown key
// or a wrong type is FLOE_ERR_INVALID_ARGUMENT naming the key.
#ifndef FLOE_COMPUTE_WAREHOUSES_WAREHOUSE_REQUEST_HPP
#define FLOE_COMPUTE_WAREHOUSES_WAREHOUSE_REQUEST_HPP

#include <boost/json.hpp>
#include <chrono>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace floe::compute_warehouses {

// "a, b, c", for messages that list what is accepted.
std::string joined_names(std::initializer_list<std::string_view> names);

// `request` as an object whose keys are all in `known`.
const boost::json::object& checked_request(const boost::json::value& request, std::string_view what,
                                           std::initializer_list<std::string_view> known);

struct profile_request {
  std::string profile_name;
  std::string target;
  std::optional<std::string> schema;  // overrides the configured one
  std::optional<boost::json::value> catalog;  // the lake's Iceberg catalog block (lake target only)
};

// A generate_dbt_profile request. A `catalog` is refused: these engines
// attach no Iceberg catalog through their dbt profile (the host then builds
// no lake target and says why); `engine_note` says what the engine does
// instead.
profile_request parse_profile_request(const boost::json::value& request, std::string_view engine_note);

// The same for an engine that builds a lake target: the catalog is kept.
profile_request parse_lake_profile_request(const boost::json::value& request);

// The budget of a validate_connection or health_check request: its
// timeout_ms, else `fallback`.
std::chrono::milliseconds check_budget(const boost::json::value& request, std::string_view what,
                                       std::chrono::milliseconds fallback);

// The get_catalog_attachment_sql request's `catalog` member.
const boost::json::value& catalog_of(const boost::json::value& request);

}  // namespace floe::compute_warehouses

#endif  // FLOE_COMPUTE_WAREHOUSES_WAREHOUSE_REQUEST_HPP
