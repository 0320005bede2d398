#include "rest_engine_config.hpp"

#include "engine_config.hpp"

#include "floe/plugin.hpp"

namespace floe::catalog_rest {
namespace {

namespace json = boost::json;
using floe::sdk::error;

// The catalog's own properties for pyiceberg and Spark (the same keys: both
// read Iceberg's REST catalog properties), and its secret ones.
void own_properties(const catalog_settings& s, const secret_references& refs, catalog_common::properties& own,
                    json::object& secrets) {
  own["type"] = "rest";
  own["uri"] = s.uri;
  if (!s.warehouse.empty()) own["warehouse"] = s.warehouse;
  if (!refs.token.empty()) {
    secrets["token"] = refs.token;
  } else if (!refs.client_id.empty() && !refs.client_secret.empty()) {
    // Both halves secret: "<client_id>:<client_secret>" from two references.
    secrets["credential"] = json::object{{"reference", refs.client_secret}, {"prefix_reference", refs.client_id},
                                         {"separator", ":"}};
    own["scope"] = s.scope;
    if (!s.oauth2_server_uri.empty()) own["oauth2-server-uri"] = s.oauth2_server_uri;
  } else if (!s.client_id.empty() && !refs.client_secret.empty()) {
    secrets["credential"] = json::object{{"reference", refs.client_secret}, {"prefix", s.client_id + ":"}};
    own["scope"] = s.scope;
    if (!s.oauth2_server_uri.empty()) own["oauth2-server-uri"] = s.oauth2_server_uri;
  }
  if (s.vended_credentials) own["header.X-Iceberg-Access-Delegation"] = "vended-credentials";
  if (!s.realm.empty()) own["header.Polaris-Realm"] = s.realm;
  for (const auto& [key, value] : s.properties) own[key] = value;
}

// The common answer with this catalog's name and its secret properties
// (Spark's under spark.sql.catalog.<name>.).
json::object with_secrets(json::object answer, const catalog_settings& s, const json::object& secrets,
                          const std::string& key_prefix) {
  answer["name"] = s.name;
  if (secrets.empty()) return answer;
  json::object& merged = answer["secret_properties"].is_object() ? answer["secret_properties"].as_object()
                                                                 : answer["secret_properties"].emplace_object();
  for (const auto& [key, value] : secrets) merged[key_prefix + std::string(key)] = value;
  return answer;
}

std::string sql_literal(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

// DuckDB's iceberg extension: ATTACH options as properties; the statements
// only for a catalog without credentials (DuckDB SQL cannot read a secret
// reference: an authenticated attach is the compute plugin's dbt profile).
json::object duckdb(const catalog_settings& s, const secret_references& refs) {
  json::object properties{{"endpoint", s.uri}};
  json::object secrets;
  bool authenticated = !refs.token.empty() || !s.client_id.empty() || !refs.client_id.empty();
  if (!authenticated) properties["authorization_type"] = "none";
  if (!s.client_id.empty()) {
    properties["client_id"] = s.client_id;
    properties["oauth2_scope"] = s.scope;
    properties["oauth2_server_uri"] = s.oauth2_server_uri.empty() ? s.uri + "/v1/oauth/tokens" : s.oauth2_server_uri;
    if (!refs.client_secret.empty()) secrets["client_secret"] = refs.client_secret;
  }
  if (!refs.token.empty()) secrets["token"] = refs.token;
  if (s.vended_credentials) properties["access_delegation_mode"] = "vended_credentials";
  json::object out{{"engine", "duckdb"}, {"name", s.name}, {"properties", std::move(properties)}};
  if (!secrets.empty()) out["secret_properties"] = std::move(secrets);
  if (!authenticated) {
    std::string attach = "ATTACH IF NOT EXISTS " + sql_literal(s.warehouse.empty() ? s.name : s.warehouse) + " AS " +
                         s.name + " (TYPE iceberg, ENDPOINT " + sql_literal(s.uri) + ", AUTHORIZATION_TYPE 'none')";
    out["statements"] = json::array{"LOAD httpfs", "LOAD iceberg", json::string(attach)};
  }
  return out;
}

}  // namespace

json::object dbt_catalog_block(const catalog_settings& s, const secret_references& refs) {
  require_endpoint(s);
  json::object block{{"type", "rest"}, {"name", s.name}, {"uri", s.uri}};
  if (!s.warehouse.empty()) block["warehouse"] = s.warehouse;
  json::object credentials;
  if (!refs.token.empty()) {
    credentials["token"] = refs.token;
  } else if (!s.client_id.empty() || !refs.client_id.empty()) {
    if (!refs.client_id.empty())
      credentials["client_id"] = refs.client_id;
    else
      block["client_id"] = s.client_id;
    if (!refs.client_secret.empty()) credentials["client_secret"] = refs.client_secret;
    credentials["oauth2_scope"] = s.scope;
    if (!s.oauth2_server_uri.empty()) credentials["oauth2_server_uri"] = s.oauth2_server_uri;
  }
  if (!credentials.empty()) block["credentials"] = std::move(credentials);
  return block;
}

json::object engine_config(const catalog_settings& s, const secret_references& refs, const json::value& request) {
  auto parsed = catalog_common::parse_engine_request(request);
  require_endpoint(s);
  if (parsed.engine == "duckdb") return duckdb(s, refs);
  catalog_common::properties own;
  json::object secrets;
  own_properties(s, refs, own, secrets);
  if (parsed.engine == "pyiceberg") return with_secrets(catalog_common::pyiceberg_answer(parsed, own), s, secrets, "");
  return with_secrets(catalog_common::spark_answer(parsed, s.name, own), s, secrets, "spark.sql.catalog." + s.name + ".");
}

}  // namespace floe::catalog_rest
