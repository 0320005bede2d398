// The databricks plugin: dbt-databricks profiles (Unity Catalog) and a
// reachability check of the workspace. Unity Catalog is Databricks' Iceberg
// catalog (it serves Iceberg REST itself): get_catalog_attachment_sql
// answers NOT_IMPLEMENTED and says so.
#ifndef FLOE_COMPUTE_WAREHOUSES_DATABRICKS_HPP
#define FLOE_COMPUTE_WAREHOUSES_DATABRICKS_HPP

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "warehouse_config.hpp"
#include "warehouse_request.hpp"
#include "warehouse_secret.hpp"

namespace floe::compute_warehouses {

struct databricks_config {
  std::string host, http_path, schema;
  std::optional<std::string> catalog;
  std::string method;  // token or oauth-m2m
  std::optional<secret_reference> token, client_secret;
  std::optional<std::string> client_id;
  std::optional<boost::json::object> session_properties;
  std::optional<std::int64_t> connect_retries, connect_timeout;
  common_settings common;
};

// Throws floe::sdk::error(FLOE_ERR_INVALID_CONFIG) naming the key.
databricks_config parse_databricks_config(const boost::json::object& config);

// {"output": {...}, "env": {NAME: reference}}.
boost::json::object databricks_profile(const databricks_config& config, const profile_request& request);

boost::json::array databricks_packages();

// https://<host>/.
std::string databricks_endpoint(const databricks_config& config);

}  // namespace floe::compute_warehouses

#endif  // FLOE_COMPUTE_WAREHOUSES_DATABRICKS_HPP
