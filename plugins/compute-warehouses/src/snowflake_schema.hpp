// The JSON Schema of the snowflake plugin's configuration, as published in
// its descriptor. snowflake_config.cpp checks everything again (and what a
// schema cannot say: which auth keys each method needs).
#ifndef FLOE_COMPUTE_WAREHOUSES_SNOWFLAKE_SCHEMA_HPP
#define FLOE_COMPUTE_WAREHOUSES_SNOWFLAKE_SCHEMA_HPP

#include "warehouse_schema.hpp"

namespace floe::compute_warehouses {

inline constexpr char snowflake_schema_json[] =
    R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "account": {"type": "string", "pattern": "^[A-Za-z0-9._-]+$", "description": "Account identifier: orgname-accountname, or the account locator with its region (xy12345.eu-west-1), without .snowflakecomputing.com. Absent: read from SNOWFLAKE_ACCOUNT when dbt runs."},
    "user": {"type": "string", "minLength": 1, "description": "Login name; required by the password and keypair methods. Absent: read from SNOWFLAKE_USER when dbt runs."},
    "role": {"type": "string", "minLength": 1, "description": "Role dbt assumes; the user's default role when absent."},
    "database": {"type": "string", "minLength": 1, "description": "Database dbt builds into. Absent: read from SNOWFLAKE_DATABASE when dbt runs."},
    "warehouse": {"type": "string", "minLength": 1, "description": "Virtual warehouse that runs dbt's queries (its size is set in Snowflake, not here). Absent: read from SNOWFLAKE_WAREHOUSE when dbt runs."},
    "schema": {"type": "string", "minLength": 1, "description": "Schema dbt builds into unless the request names one. Absent: read from SNOWFLAKE_SCHEMA when dbt runs."},
    "auth": {
      "type": "object",
      "additionalProperties": false,
      "required": ["method"],
      "description": "How dbt signs in. Every secret is a reference (env:NAME, file:/path, {env: NAME} or {file: /path}), never a value. Absent: auth.method password with the password from SNOWFLAKE_PASSWORD.",
      "properties": {
        "method": {"type": "string", "enum": ["password", "keypair", "oauth"], "description": "password; keypair (RSA key pair, the usual choice for services); oauth (an access token, or a refresh token with oauth_client_id and oauth_client_secret)."},
        "password": {)json" FLOE_WAREHOUSE_SECRET_REF
    R"json(, "description": "password: the user's password."},
        "private_key": {)json" FLOE_WAREHOUSE_SECRET_REF
    R"json(, "description": "keypair: the PKCS#8 private key; env: gives its PEM text (dbt private_key), file: its path (dbt private_key_path)."},
        "private_key_passphrase": {)json" FLOE_WAREHOUSE_SECRET_REF
    R"json(, "description": "keypair: the passphrase of an encrypted private key."},
        "token": {)json" FLOE_WAREHOUSE_SECRET_REF
    R"json(, "description": "oauth: the access token, or the refresh token when oauth_client_id and oauth_client_secret are given."},
        "oauth_client_id": {)json" FLOE_WAREHOUSE_SECRET_REF
    R"json(, "description": "oauth: the security integration's client id."},
        "oauth_client_secret": {)json" FLOE_WAREHOUSE_SECRET_REF
    R"json(, "description": "oauth: the security integration's client secret."}
      }
    },
    "query_tag": {"type": "string", "minLength": 1, "description": "QUERY_TAG set on dbt's sessions."},
    "connect_retries": {"type": "integer", "minimum": 0, "maximum": 10, "description": "How often dbt retries a failed connection."},
    "connect_timeout": {"type": "integer", "minimum": 1, "maximum": 3600, "description": "Seconds dbt waits for a connection."},
    "host": {"type": "string", "pattern": "^[A-Za-z0-9.-]+$", "description": "Endpoint host when it is not <account>.snowflakecomputing.com (private connectivity, a proxy)."},
    "port": {"type": "integer", "minimum": 1, "maximum": 65535, "description": "Endpoint port with host."},
    "protocol": {"type": "string", "enum": ["https", "http"], "description": "Endpoint protocol with host; https unless a local stand-in."},
    "external_volume": {"type": "string", "minLength": 1, "description": "External volume of the Iceberg tables of a catalog-linked database (get_catalog_attachment_sql); not needed with vended credentials."},
    )json" FLOE_WAREHOUSE_COMMON_PROPERTIES R"json(
  }
})json";

}  // namespace floe::compute_warehouses

#endif  // FLOE_COMPUTE_WAREHOUSES_SNOWFLAKE_SCHEMA_HPP
