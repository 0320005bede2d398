// The dbt-duckdb output (one target of profiles.yml) for a configuration
// and a generate_dbt_profile request.
#ifndef FLOE_COMPUTE_DUCKDB_PROFILE_BUILDER_HPP
#define FLOE_COMPUTE_DUCKDB_PROFILE_BUILDER_HPP

#include <boost/json.hpp>

#include <optional>
#include <string>

#include "catalog_attachment.hpp"
#include "duckdb_config.hpp"

namespace floe::compute_duckdb {

struct profile_request {
  std::string profile_name;
  std::string target;
  std::string schema;  // "main" unless the request names one
  std::optional<iceberg_catalog> catalog;
};

// The string at `key` of a request: FLOE_ERR_INVALID_ARGUMENT naming the key
// when it is empty, or missing and `required`; "" when missing otherwise.
// Every compute plugin reads its request strings with it.
std::string request_string(const boost::json::object& request, std::string_view key, bool required);

// Parses a generate_dbt_profile request; throws
// floe::sdk::error(FLOE_ERR_INVALID_ARGUMENT) naming the key.
profile_request parse_profile_request(const boost::json::value& request);

// {"output": {...}, "env": {NAME: secret_ref}}. Keys appear in a fixed order
// and collections are sorted, so equal inputs give byte-identical JSON.
boost::json::object build_dbt_profile(const duckdb_config& config, const profile_request& request);

// The pip requirements of the profiles build_dbt_profile writes: attach
// entries with `secret` and `options` need dbt-duckdb 1.9.4, and writing to
// an Iceberg REST catalog needs DuckDB 1.4.
boost::json::array required_dbt_packages();

}  // namespace floe::compute_duckdb

#endif  // FLOE_COMPUTE_DUCKDB_PROFILE_BUILDER_HPP
