// The JSON Schema of the databricks plugin's configuration, as published in
// its descriptor; databricks_config.cpp checks everything again.
#ifndef FLOE_COMPUTE_WAREHOUSES_DATABRICKS_SCHEMA_HPP
#define FLOE_COMPUTE_WAREHOUSES_DATABRICKS_SCHEMA_HPP

#include "warehouse_schema.hpp"

namespace floe::compute_warehouses {

inline constexpr char databricks_schema_json[] =
    R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "host": {"type": "string", "pattern": "^[A-Za-z0-9.-]+(:[0-9]+)?$", "description": "Workspace host without scheme (dbc-a1b2c3d4-e5f6.cloud.databricks.com, adb-123.4.azuredatabricks.net). Absent: read from DATABRICKS_HOST when dbt runs."},
    "http_path": {"type": "string", "pattern": "^/", "description": "HTTP path of the SQL warehouse (/sql/1.0/warehouses/<id>) or all-purpose cluster. Absent: read from DATABRICKS_HTTP_PATH when dbt runs."},
    "catalog": {"type": "string", "minLength": 1, "description": "Unity Catalog catalog dbt builds into; hive_metastore when absent."},
    "schema": {"type": "string", "pattern": "^[^.]+$", "description": "Schema dbt builds into unless the request names one (no '.': the catalog is its own key). Absent: read from DATABRICKS_SCHEMA when dbt runs."},
    "auth": {
      "type": "object",
      "additionalProperties": false,
      "required": ["method"],
      "description": "How dbt signs in. Secrets are references (env:NAME, file:/path, {env: NAME} or {file: /path}), never values. Absent: auth.method token with the token from DATABRICKS_TOKEN.",
      "properties": {
        "method": {"type": "string", "enum": ["token", "oauth-m2m"], "description": "token: a personal access token (or a service principal's); oauth-m2m: OAuth machine-to-machine with a service principal's client id and secret."},
        "token": {)json" FLOE_WAREHOUSE_SECRET_REF
    R"json(, "description": "token: the access token."},
        "client_id": {"type": "string", "minLength": 1, "description": "oauth-m2m: the service principal's application (client) id; not a secret."},
        "client_secret": {)json" FLOE_WAREHOUSE_SECRET_REF
    R"json(, "description": "oauth-m2m: the service principal's OAuth secret."}
      }
    },
    "session_properties": {"type": "object", "description": "Spark/SQL session settings (SET name = value) for every dbt session; values are strings, numbers or booleans."},
    "connect_retries": {"type": "integer", "minimum": 0, "maximum": 10, "description": "How often dbt retries a failed connection."},
    "connect_timeout": {"type": "integer", "minimum": 1, "maximum": 3600, "description": "Seconds dbt waits between connection retries."},
    )json" FLOE_WAREHOUSE_COMMON_PROPERTIES R"json(
  }
})json";

}  // namespace floe::compute_warehouses

#endif  // FLOE_COMPUTE_WAREHOUSES_DATABRICKS_SCHEMA_HPP
