// The JSON Schema of a REST catalog's configuration, published in its
// descriptor (the host validates plugins.catalog.config against it). Secret
// values never appear here: client_secret and token come from the
// selection's `secrets` (plugins.catalog.secrets), as references.
#ifndef FLOE_CATALOG_REST_CONFIG_SCHEMA_HPP
#define FLOE_CATALOG_REST_CONFIG_SCHEMA_HPP

namespace floe::catalog_rest {

inline constexpr char config_schema_json[] = R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "uri": {
      "type": "string",
      "pattern": "^https?://[^\\s]+$",
      "description": "Base URI of the Iceberg REST API (the part before /v1/), e.g. http://polaris:8181/api/catalog. Needed by every method; a platform that only names the catalog (a sketch) still compiles."
    },
    "warehouse": {
      "type": "string",
      "minLength": 1,
      "description": "The warehouse the catalog serves (sent with GET /v1/config); for Polaris the name of the Polaris catalog (required)."
    },
    "name": {
      "type": "string",
      "pattern": "^[A-Za-z_][A-Za-z0-9_]*$",
      "description": "The catalog's name in engines: DuckDB's ATTACH alias, pyiceberg's catalog name, Spark's spark.sql.catalog.<name>. Default: the warehouse when it is such a name, else lake."
    },
    "client_id": {
      "type": "string",
      "minLength": 1,
      "description": "OAuth2 client id (the principal). Its secret is plugins.catalog.secrets.client_secret."
    },
    "scope": {
      "type": "string",
      "minLength": 1,
      "description": "OAuth2 scope. Default: catalog (rest), PRINCIPAL_ROLE:ALL or PRINCIPAL_ROLE:<principal_role> (polaris)."
    },
    "principal_role": {
      "type": "string",
      "pattern": "^[A-Za-z0-9_.-]+$",
      "description": "polaris: the principal role the token is scoped to (scope PRINCIPAL_ROLE:<role>)."
    },
    "realm": {
      "type": "string",
      "pattern": "^[A-Za-z0-9_.-]+$",
      "description": "polaris: the realm, sent as the Polaris-Realm header."
    },
    "oauth2_server_uri": {
      "type": "string",
      "pattern": "^https?://[^\\s]+$",
      "description": "Token endpoint. Default: the catalog's oauth2-server-uri property, else <uri>/v1/oauth/tokens."
    },
    "access_delegation": {
      "type": "string",
      "enum": ["vended-credentials", "none"],
      "description": "Ask the catalog for short-lived storage credentials with each table (X-Iceberg-Access-Delegation). Default: vended-credentials for polaris, none for rest."
    },
    "timeout_ms": {
      "type": "integer",
      "minimum": 100,
      "maximum": 600000,
      "default": 30000,
      "description": "Longest one catalog request may take."
    },
    "properties": {
      "type": "object",
      "additionalProperties": {"type": "string"},
      "description": "Client-side catalog properties, between the server's defaults and overrides (GET /v1/config)."
    },
    "credentials": {
      "type": "object",
      "additionalProperties": false,
      "description": "The two-tier format's credential mode (secrets stay in plugins.catalog.secrets): oauth2 (client_id and client_secret), static (a bearer token), vended_credentials (OAuth2, and the catalog vends storage credentials), iam_role (SigV4-signed requests: not supported yet).",
      "properties": {
        "mode": {"type": "string", "enum": ["oauth2", "static", "vended_credentials", "iam_role"]},
        "scope": {"type": "string", "minLength": 1},
        "token_url": {"type": "string", "pattern": "^https?://[^\\s]+$"}
      }
    },
    "oauth2": {
      "type": "object",
      "additionalProperties": false,
      "description": "The Python alpha's spelling: client_id, client_secret (a secret reference), scope, token_url.",
      "properties": {
        "client_id": {"type": "string", "minLength": 1},
        "client_secret": {"type": "object"},
        "scope": {"type": "string", "minLength": 1},
        "token_url": {"type": "string", "pattern": "^https?://[^\\s]+$"}
      }
    }
  }
})json";

}  // namespace floe::catalog_rest

#endif  // FLOE_CATALOG_REST_CONFIG_SCHEMA_HPP
