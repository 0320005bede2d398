// The JSON Schema of the trino plugin's configuration, as published in its
// descriptor; trino_config.cpp checks everything again.
#ifndef FLOE_COMPUTE_WAREHOUSES_TRINO_SCHEMA_HPP
#define FLOE_COMPUTE_WAREHOUSES_TRINO_SCHEMA_HPP

#include "warehouse_schema.hpp"

namespace floe::compute_warehouses {

inline constexpr char trino_schema_json[] =
    R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "host": {"type": "string", "pattern": "^[A-Za-z0-9.-]+$", "description": "Coordinator host name. Absent: read from TRINO_HOST when dbt runs."},
    "port": {"type": "integer", "minimum": 1, "maximum": 65535, "description": "Coordinator port (8080 for http, 443 or 8443 for https, as the cluster serves it). Absent: read from TRINO_PORT when dbt runs."},
    "user": {"type": "string", "minLength": 1, "description": "User the queries run as; required by the none and ldap methods. Absent: read from TRINO_USER when dbt runs."},
    "catalog": {"type": "string", "minLength": 1, "description": "Trino catalog dbt builds and tests in (the profile's database). On a platform with an Iceberg catalog, a staging catalog (memory, or a scratch catalog), never the lake's: after the run's checks floe publishes the tables to the Trino catalog named like the platform's catalog. Absent: read from TRINO_CATALOG when dbt runs."},
    "schema": {"type": "string", "minLength": 1, "description": "Schema dbt builds into unless the request names one. Absent: read from TRINO_SCHEMA when dbt runs."},
    "http_scheme": {"type": "string", "enum": ["http", "https"], "description": "auth.method none only (the others always use https); http when absent."},
    "session_properties": {"type": "object", "description": "Trino session properties for every dbt query (query_max_run_time, <catalog>.<property>, ...); values are strings, numbers or booleans."},
    "auth": {
      "type": "object",
      "additionalProperties": false,
      "required": ["method"],
      "description": "How dbt signs in. Secrets are references (env:NAME, file:/path, {env: NAME} or {file: /path}), never values. Absent: auth.method none.",
      "properties": {
        "method": {"type": "string", "enum": ["none", "ldap", "jwt", "certificate"], "description": "none (user only; a cluster without authentication), ldap (user and password over https), jwt (a token over https), certificate (mutual TLS with a client certificate)."},
        "password": {)json" FLOE_WAREHOUSE_SECRET_REF
    R"json(, "description": "ldap: the user's password."},
        "jwt_token": {)json" FLOE_WAREHOUSE_SECRET_REF
    R"json(, "description": "jwt: the token."},
        "client_certificate": {"type": "string", "pattern": "^/", "description": "certificate: path of the client certificate (PEM)."},
        "client_private_key": {)json" FLOE_WAREHOUSE_SECRET_REF
    R"json(, "description": "certificate: file:/path of the client certificate's private key."}
      }
    },
    )json" FLOE_WAREHOUSE_COMMON_PROPERTIES R"json(
  }
})json";

}  // namespace floe::compute_warehouses

#endif  // FLOE_COMPUTE_WAREHOUSES_TRINO_SCHEMA_HPP
