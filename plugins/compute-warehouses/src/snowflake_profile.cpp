#include <algorithm>

#include "catalog_attachment.hpp"
#include "floe/plugin.hpp"
#include "snowflake.hpp"

namespace floe::compute_warehouses {
namespace {

// A Snowflake string literal: backslash is an escape character there too.
std::string snowflake_literal(std::string_view text) {
  std::string literal = "'";
  for (char c : text) {
    if (c == '\'' || c == '\\') literal += c;
    literal += c;
  }
  return literal + "'";
}

std::string env_literal(const compute_duckdb::iceberg_catalog::secret_credential& credential) {
  // dbt renders the placeholder before Snowflake sees the statement.
  return "'" + compute_duckdb::dbt_env_var(credential.environment_name) + "'";
}

}  // namespace

boost::json::object snowflake_profile(const snowflake_config& config, const profile_request& request) {
  profile_secrets secrets("snowflake");
  boost::json::object output{{"type", "snowflake"}, {"account", config.account}};
  if (config.user) output["user"] = *config.user;
  if (config.role) output["role"] = *config.role;
  output["database"] = config.database;
  output["warehouse"] = config.warehouse;
  output["schema"] = request.schema.value_or(config.schema);
  output["threads"] = config.common.threads;
  if (config.method == "password") {
    output["password"] = secrets.placeholder(*config.password, "password");
  } else if (config.method == "keypair") {
    // dbt-snowflake takes the key as text (private_key) or as a file
    // (private_key_path), never both.
    if (config.private_key->from == secret_reference::source::file)
      output["private_key_path"] = config.private_key->target;
    else
      output["private_key"] = secrets.placeholder(*config.private_key, "private_key");
    if (config.private_key_passphrase)
      output["private_key_passphrase"] = secrets.placeholder(*config.private_key_passphrase, "private_key_passphrase");
  } else {
    output["authenticator"] = "oauth";
    output["token"] = secrets.placeholder(*config.token, "token");
    if (config.oauth_client_id) {
      output["oauth_client_id"] = secrets.placeholder(*config.oauth_client_id, "oauth_client_id");
      output["oauth_client_secret"] = secrets.placeholder(*config.oauth_client_secret, "oauth_client_secret");
    }
  }
  if (config.query_tag) output["query_tag"] = *config.query_tag;
  if (config.connect_retries) output["connect_retries"] = *config.connect_retries;
  if (config.connect_timeout) output["connect_timeout"] = *config.connect_timeout;
  if (config.host) output["host"] = *config.host;
  if (config.port) output["port"] = *config.port;
  if (config.protocol) output["protocol"] = *config.protocol;
  return {{"output", std::move(output)}, {"env", secrets.env()}};
}

boost::json::array snowflake_packages() { return {"dbt-snowflake>=1.12,<1.13"}; }

std::string snowflake_endpoint(const snowflake_config& config) {
  if (config.host) {
    std::string url = config.protocol.value_or("https") + "://" + *config.host;
    if (config.port) url += ":" + std::to_string(*config.port);
    return url + "/";
  }
  // An account from SNOWFLAKE_ACCOUNT is read now; unset, the placeholder
  // stays and the check names the variable.
  std::vector<std::string> missing;
  std::string account = expand_env_placeholders(config.account, missing);
  if (!missing.empty()) return "https://" + config.account + ".snowflakecomputing.com/";
  std::replace(account.begin(), account.end(), '_', '-');
  return "https://" + account + ".snowflakecomputing.com/";
}

boost::json::object snowflake_catalog_sql(const snowflake_config& config, const boost::json::value& value) {
  compute_duckdb::iceberg_catalog catalog = compute_duckdb::parse_iceberg_catalog(value);
  if (!catalog.authenticated())
    throw floe::sdk::error(FLOE_ERR_INVALID_ARGUMENT,
                           "key 'catalog.credentials': Snowflake signs in to "
                           "an Iceberg REST catalog with OAuth "
                           "(client_id and client_secret) or a bearer token; "
                           "give one of them as secret references");

  boost::json::object env;
  const compute_duckdb::iceberg_catalog::secret_credential* client_id = nullptr;
  const compute_duckdb::iceberg_catalog::secret_credential* client_secret = nullptr;
  const compute_duckdb::iceberg_catalog::secret_credential* token = nullptr;
  for (const auto& credential : catalog.credentials) {
    env[credential.environment_name] = credential.reference.text;
    if (credential.key == "client_id") client_id = &credential;
    if (credential.key == "client_secret") client_secret = &credential;
    if (credential.key == "token") token = &credential;
  }

  std::string rest_config = "CATALOG_URI = " + snowflake_literal(catalog.uri);
  if (catalog.warehouse) rest_config += " WAREHOUSE = " + snowflake_literal(*catalog.warehouse);

  std::string authentication;
  if (client_secret != nullptr) {
    std::string server_uri, scope = "PRINCIPAL_ROLE:ALL";
    for (const auto& [key, text] : catalog.oauth2_options) {
      if (key == "oauth2_server_uri") server_uri = text;
      if (key == "oauth2_scope") scope = text;
    }
    std::string id = client_id != nullptr ? env_literal(*client_id) : snowflake_literal(catalog.client_id);
    authentication = "TYPE = OAUTH OAUTH_TOKEN_URI = " + snowflake_literal(server_uri) + " OAUTH_CLIENT_ID = " + id +
                     " OAUTH_CLIENT_SECRET = " + env_literal(*client_secret) + " OAUTH_ALLOWED_SCOPES = (" +
                     snowflake_literal(scope) + ")";
  } else {
    authentication = "TYPE = BEARER BEARER_TOKEN = " + env_literal(*token);
  }

  std::string integration = catalog.name + "_integration";
  std::string database =
      "CREATE DATABASE " + catalog.name + " LINKED_CATALOG = (CATALOG = " + snowflake_literal(integration) + ")";
  if (config.external_volume) database += ", EXTERNAL_VOLUME = " + snowflake_literal(*config.external_volume);
  boost::json::array statements{"CREATE CATALOG INTEGRATION IF NOT EXISTS " + integration +
                                    " CATALOG_SOURCE = ICEBERG_REST "
                                    "TABLE_FORMAT = ICEBERG REST_CONFIG = (" +
                                    rest_config + ") REST_AUTHENTICATION = (" + authentication + ") ENABLED = TRUE;",
                                database + ";"};
  return {{"statements", std::move(statements)}, {"env", std::move(env)}};
}

}  // namespace floe::compute_warehouses
