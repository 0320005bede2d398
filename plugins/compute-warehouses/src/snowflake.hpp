// The snowflake plugin: dbt-snowflake profiles, a reachability check of the
// account's endpoint, and the SQL that links an Iceberg REST catalog to the
// account (a catalog integration and a catalog-linked database).
#ifndef FLOE_COMPUTE_WAREHOUSES_SNOWFLAKE_HPP
#define FLOE_COMPUTE_WAREHOUSES_SNOWFLAKE_HPP

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "warehouse_config.hpp"
#include "warehouse_request.hpp"
#include "warehouse_secret.hpp"

namespace floe::compute_warehouses {

struct snowflake_config {
  std::string account, database, warehouse, schema;
  std::optional<std::string> user, role, query_tag, host, protocol, external_volume;
  std::optional<std::int64_t> connect_retries, connect_timeout, port;
  std::string method;  // password, keypair or oauth
  std::optional<secret_reference> password, private_key, private_key_passphrase, token, oauth_client_id,
      oauth_client_secret;
  common_settings common;
};

// Throws floe::sdk::error(FLOE_ERR_INVALID_CONFIG) naming the key.
snowflake_config parse_snowflake_config(const boost::json::object& config);

// {"output": {...}, "env": {NAME: reference}}.
boost::json::object snowflake_profile(const snowflake_config& config, const profile_request& request);

// The pip requirement of the profiles above.
boost::json::array snowflake_packages();

// The URL validate_connection asks: https://<account>.snowflakecomputing.com/
// (underscores in the account become hyphens, as dbt-snowflake does), or
// protocol://host:port/.
std::string snowflake_endpoint(const snowflake_config& config);

// {"statements": [CREATE CATALOG INTEGRATION ..., CREATE DATABASE ...
// LINKED_CATALOG ...], "env": {...}}: the catalog's secrets appear as dbt
// env_var() placeholders, never as values.
boost::json::object snowflake_catalog_sql(const snowflake_config& config, const boost::json::value& catalog);

}  // namespace floe::compute_warehouses

#endif  // FLOE_COMPUTE_WAREHOUSES_SNOWFLAKE_HPP
