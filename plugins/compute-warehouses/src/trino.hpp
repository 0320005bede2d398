// The trino plugin: dbt-trino profiles, a check of the coordinator's
// /v1/info, and CREATE CATALOG for an Iceberg REST catalog (Trino's dynamic
// catalogs), its secrets read by Trino from its own environment.
#ifndef FLOE_COMPUTE_WAREHOUSES_TRINO_HPP
#define FLOE_COMPUTE_WAREHOUSES_TRINO_HPP

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "endpoint_probe.hpp"
#include "warehouse_config.hpp"
#include "warehouse_request.hpp"
#include "warehouse_secret.hpp"

namespace floe::compute_warehouses {

struct trino_config {
  std::string host, catalog, schema;
  std::int64_t port = 0;
  std::optional<std::string> user, http_scheme, client_certificate;
  std::optional<boost::json::object> session_properties;
  std::string method;  // none, ldap, jwt or certificate
  std::optional<secret_reference> password, jwt_token, client_private_key;
  common_settings common;
};

// Throws floe::sdk::error(FLOE_ERR_INVALID_CONFIG) naming the key.
trino_config parse_trino_config(const boost::json::object& config);

// {"output": {...}, "env": {NAME: reference}}.
boost::json::object trino_profile(const trino_config& config, const profile_request& request);

// The lake target: dbt builds into the configured (staging) catalog as
// always, and the answer carries the floe_lake package whose commit_tables
// copies the checked tables into the Trino catalog named like the platform's
// Iceberg catalog. Throws FLOE_ERR_INVALID_CONFIG when the configured
// catalog is that lake catalog itself (dbt would write the lake before the
// checks).
boost::json::object trino_lake_profile(const trino_config& config, const profile_request& request);

// {"name": "floe_lake", "files": {relative path: text}} (dbt/trino_lake/,
// embedded at build time).
boost::json::object trino_lake_dbt_package();

boost::json::array trino_packages();

// <scheme>://<host>:<port>/v1/info: https except for method none over http.
std::string trino_endpoint(const trino_config& config);

// Reads the coordinator's /v1/info answer: healthy once it has started.
probe_verdict judge_trino_info(long http_status, const std::string& body);

// {"statements": ["CREATE CATALOG ... USING iceberg WITH (...)"], "env":
// {NAME: reference}}: secrets as ${ENV:NAME}, which Trino resolves from the
// environment of its coordinator and workers (env lists what they need).
boost::json::object trino_catalog_sql(const boost::json::value& catalog);

}  // namespace floe::compute_warehouses

#endif  // FLOE_COMPUTE_WAREHOUSES_TRINO_HPP
