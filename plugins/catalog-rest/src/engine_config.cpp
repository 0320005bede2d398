#include "engine_config.hpp"

#include "floe/plugin.hpp"

namespace floe::catalog_rest {
namespace {

namespace json = boost::json;
using floe::sdk::error;

// The Iceberg Spark runtime the Spark properties are written for (Spark 3.5,
// Scala 2.12; the iceberg-aws-bundle brings S3FileIO).
constexpr const char* kSparkPackages[] = {"org.apache.iceberg:iceberg-spark-runtime-3.5_2.12:1.10.1",
                                          "org.apache.iceberg:iceberg-aws-bundle:1.10.1"};

// The OAuth2 credential of pyiceberg and Spark, "<client_id>:<secret>", or a
// bearer token: one secret property either way.
void add_credential(const catalog_settings& s, const secret_references& refs, const std::string& key_prefix,
                    json::object& properties, json::object& secrets) {
  if (!refs.token.empty()) {
    secrets[key_prefix + "token"] = refs.token;
  } else if (!s.client_id.empty() && !refs.client_secret.empty()) {
    secrets[key_prefix + "credential"] = json::object{{"reference", refs.client_secret}, {"prefix", s.client_id + ":"}};
    properties[key_prefix + "scope"] = s.scope;
    if (!s.oauth2_server_uri.empty()) properties[key_prefix + "oauth2-server-uri"] = s.oauth2_server_uri;
  }
}

// The storage plugin's FileIO properties, merged under `key_prefix`.
void add_storage(const json::value* storage, const std::string& key_prefix, json::object& properties,
                 json::object& secrets) {
  if (storage == nullptr || storage->is_null()) return;
  const auto& object = floe::sdk::as_object(*storage, "storage");
  for (auto [member, target] : {std::pair{"properties", &properties}, std::pair{"secret_properties", &secrets}}) {
    auto it = object.find(member);
    if (it == object.end()) continue;
    if (!it->value().is_object())
      throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'storage." + std::string(member) + "': expected an object");
    for (const auto& [key, value] : it->value().get_object()) (*target)[key_prefix + std::string(key)] = value;
  }
}

json::object pyiceberg(const catalog_settings& s, const secret_references& refs, const json::value* storage) {
  json::object properties{{"type", "rest"}, {"uri", s.uri}};
  json::object secrets;
  if (!s.warehouse.empty()) properties["warehouse"] = s.warehouse;
  add_credential(s, refs, "", properties, secrets);
  if (s.vended_credentials) properties["header.X-Iceberg-Access-Delegation"] = "vended-credentials";
  if (!s.realm.empty()) properties["header.Polaris-Realm"] = s.realm;
  for (const auto& [key, value] : s.properties) properties[key] = value;
  add_storage(storage, "", properties, secrets);
  json::object out{{"engine", "pyiceberg"}, {"name", s.name}, {"properties", std::move(properties)}};
  if (!secrets.empty()) out["secret_properties"] = std::move(secrets);
  return out;
}

json::object spark(const catalog_settings& s, const secret_references& refs, const json::value* storage) {
  std::string p = "spark.sql.catalog." + s.name + ".";
  json::object properties{{p.substr(0, p.size() - 1), "org.apache.iceberg.spark.SparkCatalog"},
                          {p + "type", "rest"},
                          {p + "uri", s.uri}};
  json::object secrets;
  if (!s.warehouse.empty()) properties[p + "warehouse"] = s.warehouse;
  add_credential(s, refs, p, properties, secrets);
  if (s.vended_credentials) properties[p + "header.X-Iceberg-Access-Delegation"] = "vended-credentials";
  if (!s.realm.empty()) properties[p + "header.Polaris-Realm"] = s.realm;
  for (const auto& [key, value] : s.properties) properties[p + key] = value;
  add_storage(storage, p, properties, secrets);
  properties["spark.sql.extensions"] = "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions";
  json::array packages;
  for (const char* package : kSparkPackages) packages.emplace_back(package);
  json::object out{{"engine", "spark"}, {"name", s.name}, {"properties", std::move(properties)}, {"packages", std::move(packages)}};
  if (!secrets.empty()) out["secret_properties"] = std::move(secrets);
  return out;
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
  bool authenticated = !refs.token.empty() || !s.client_id.empty();
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
  } else if (!s.client_id.empty()) {
    block["client_id"] = s.client_id;
    if (!refs.client_secret.empty()) credentials["client_secret"] = refs.client_secret;
    credentials["oauth2_scope"] = s.scope;
    if (!s.oauth2_server_uri.empty()) credentials["oauth2_server_uri"] = s.oauth2_server_uri;
  }
  if (!credentials.empty()) block["credentials"] = std::move(credentials);
  return block;
}

json::object engine_config(const catalog_settings& s, const secret_references& refs, std::string_view engine,
                           const json::value* storage) {
  require_endpoint(s);
  if (engine == "pyiceberg") return pyiceberg(s, refs, storage);
  if (engine == "spark") return spark(s, refs, storage);
  if (engine == "duckdb") return duckdb(s, refs);
  throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'engine': '" + std::string(engine) + "' is not one of pyiceberg, spark, duckdb");
}

}  // namespace floe::catalog_rest
