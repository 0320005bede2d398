#include <cctype>

#include "catalog_attachment.hpp"
#include "floe/plugin.hpp"
#include "sql_text.hpp"
#include "trino.hpp"

namespace floe::compute_warehouses {

boost::json::object trino_profile(const trino_config& config, const profile_request& request) {
  profile_secrets secrets("trino");
  boost::json::object output{{"type", "trino"}, {"method", config.method}};
  if (config.user) output["user"] = *config.user;
  if (config.password) output["password"] = secrets.placeholder(*config.password, "password");
  if (config.jwt_token) output["jwt_token"] = secrets.placeholder(*config.jwt_token, "jwt_token");
  if (config.client_certificate) output["client_certificate"] = *config.client_certificate;
  if (config.client_private_key) output["client_private_key"] = config.client_private_key->target;
  output["database"] = config.catalog;
  output["host"] = config.host;
  if (config.port != 0)
    output["port"] = config.port;
  else
    output["port"] = "{{ env_var('TRINO_PORT') | int }}";
  output["schema"] = request.schema.value_or(config.schema);
  output["threads"] = config.common.threads;
  if (config.http_scheme) output["http_scheme"] = *config.http_scheme;
  if (config.session_properties) output["session_properties"] = *config.session_properties;
  return {{"output", std::move(output)}, {"env", secrets.env()}};
}

boost::json::object trino_lake_profile(const trino_config& config, const profile_request& request) {
  std::string lake = compute_duckdb::parse_iceberg_catalog(*request.catalog).name;
  // Trino folds unquoted catalog names to lower case.
  auto lower = [](std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
  };
  if (lower(lake) == lower(config.catalog))
    throw floe::sdk::error(FLOE_ERR_INVALID_CONFIG,
                           "key 'catalog': '" + config.catalog +
                               "' is the lake's own catalog, so dbt would change the lake's tables before the run's "
                               "checks; name the catalog dbt builds and tests in (a memory or scratch catalog of the "
                               "Trino server): floe publishes to '" + lake + "' after the checks pass");
  boost::json::object answer = trino_profile(config, request);
  answer["dbt_package"] = trino_lake_dbt_package();
  return answer;
}

boost::json::array trino_packages() { return {"dbt-trino>=1.11,<1.12"}; }

std::string trino_endpoint(const trino_config& config) {
  std::string scheme = config.method == "none" ? config.http_scheme.value_or("http") : "https";
  std::string port = config.port != 0 ? std::to_string(config.port) : env_placeholder("TRINO_PORT");
  return scheme + "://" + config.host + ":" + port + "/v1/info";
}

probe_verdict judge_trino_info(long http_status, const std::string& body) {
  if (http_status != 200)
    return {"degraded", "the server answered /v1/info with HTTP " + std::to_string(http_status) +
                            ", not Trino's server information"};
  boost::system::error_code ec;
  boost::json::value info = boost::json::parse(body, ec);
  const boost::json::object* object = ec ? nullptr : info.if_object();
  const boost::json::value* starting = object != nullptr ? object->if_contains("starting") : nullptr;
  if (starting == nullptr || !starting->is_bool())
    return {"degraded",
            "the server's /v1/info answer is not Trino's server "
            "information (no 'starting')"};
  std::string version = "unknown version";
  if (const auto* node = object->if_contains("nodeVersion"); node != nullptr && node->is_object())
    if (const auto* text = node->as_object().if_contains("version"); text != nullptr && text->is_string())
      version = "version " + std::string(text->get_string());
  if (starting->get_bool()) return {"degraded", "Trino (" + version + ") is still starting"};
  return {"healthy", "Trino (" + version + ") is up and accepts queries"};
}

boost::json::object trino_catalog_sql(const boost::json::value& value) {
  compute_duckdb::iceberg_catalog catalog = compute_duckdb::parse_iceberg_catalog(value);
  std::vector<std::pair<std::string, std::string>> properties = {{"iceberg.catalog.type", "rest"},
                                                                 {"iceberg.rest-catalog.uri", catalog.uri}};
  if (catalog.warehouse) properties.emplace_back("iceberg.rest-catalog.warehouse", *catalog.warehouse);

  boost::json::object env;
  std::string client_id = catalog.client_id, client_secret, token;
  for (const auto& credential : catalog.credentials) {
    env[credential.environment_name] = credential.reference.text;
    // Trino substitutes ${ENV:NAME} from its own environment when it loads
    // the catalog, so the statement (which Trino logs) holds no value.
    std::string placeholder = "${ENV:" + credential.environment_name + "}";
    if (credential.key == "client_id") client_id = placeholder;
    if (credential.key == "client_secret") client_secret = placeholder;
    if (credential.key == "token") token = placeholder;
  }
  if (catalog.authenticated()) properties.emplace_back("iceberg.rest-catalog.security", "OAUTH2");
  if (!client_secret.empty())
    properties.emplace_back("iceberg.rest-catalog.oauth2.credential", client_id + ":" + client_secret);
  if (!token.empty()) properties.emplace_back("iceberg.rest-catalog.oauth2.token", token);
  for (const auto& [key, text] : catalog.oauth2_options)
    properties.emplace_back(
        key == "oauth2_server_uri" ? "iceberg.rest-catalog.oauth2.server-uri" : "iceberg.rest-catalog.oauth2.scope",
        text);

  std::string with;
  for (const auto& [key, text] : properties)
    with += (with.empty() ? "" : ", ") + ("\"" + key + "\" = ") + compute_duckdb::sql_string_literal(text);
  boost::json::array statements{"CREATE CATALOG " + catalog.name + " USING iceberg WITH (" + with + ")"};
  return {{"statements", std::move(statements)}, {"env", std::move(env)}};
}

}  // namespace floe::compute_warehouses
