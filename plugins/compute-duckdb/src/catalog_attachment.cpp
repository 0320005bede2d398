#include "catalog_attachment.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "floe/plugin.hpp"
#include "sql_text.hpp"

namespace floe::compute_duckdb {
namespace {

using floe::sdk::error;

[[noreturn]] void invalid_request(std::string_view key, std::string_view problem) {
  throw error(FLOE_ERR_INVALID_ARGUMENT, "key '" + std::string(key) + "': " + std::string(problem));
}

std::string string_member(const boost::json::object& object, std::string_view key, std::string_view path) {
  auto it = object.find(key);
  if (it == object.end() || it->value().is_null()) invalid_request(path, "is required");
  if (!it->value().is_string()) invalid_request(path, "expected a string");
  std::string text(it->value().get_string());
  if (text.empty()) invalid_request(path, "must not be empty");
  return text;
}

std::optional<std::string> optional_string_member(const boost::json::object& object, std::string_view key,
                                                  std::string_view path) {
  auto it = object.find(key);
  if (it == object.end() || it->value().is_null()) return std::nullopt;
  return string_member(object, key, path);
}

std::string checked_http_url(std::string text, std::string_view path) {
  bool has_scheme = text.starts_with("http://") || text.starts_with("https://");
  bool has_host = has_scheme && text.size() > text.find("://") + 3;
  bool has_space = std::any_of(text.begin(), text.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
  if (!has_host || has_space) invalid_request(path, "expected an http:// or https:// URL");
  return text;
}

std::string upper(std::string_view text) {
  std::string result(text);
  for (char& c : result) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return result;
}

// The credential keys of a DuckDB ICEBERG secret that hold secrets, in the
// order the secret lists them.
constexpr std::array<std::string_view, 3> secret_keys = {"client_id", "client_secret", "token"};
constexpr std::array<std::string_view, 2> oauth2_keys = {"oauth2_server_uri", "oauth2_scope"};

void parse_credentials(const boost::json::value& value, iceberg_catalog& catalog) {
  if (!value.is_object()) invalid_request("catalog.credentials", "expected an object of secret references");
  const auto& object = value.get_object();
  for (const auto& [key, item] : object) {
    bool known = std::find(secret_keys.begin(), secret_keys.end(), key) != secret_keys.end() ||
                 std::find(oauth2_keys.begin(), oauth2_keys.end(), key) != oauth2_keys.end();
    if (!known)
      invalid_request("catalog.credentials." + std::string(key),
                      "unknown credential; accepted: client_id, client_secret, token (secret references), "
                      "oauth2_server_uri, oauth2_scope");
  }

  for (std::string_view key : secret_keys) {
    auto it = object.find(key);
    if (it == object.end() || it->value().is_null()) continue;
    std::string path = "catalog.credentials." + std::string(key);
    if (!it->value().is_string()) invalid_request(path, "expected a secret reference string");
    auto reference = parse_secret_reference(it->value().get_string());
    // The value is deliberately not repeated: it may be the secret itself.
    if (!reference)
      throw error(FLOE_ERR_INVALID_ARGUMENT,
                  "key '" + path +
                      "': expected a secret reference (env:NAME or file:/absolute/path), not a value; "
                      "secret values must never be passed in a request");
    // dbt reads secrets from the environment only. A file reference gets a
    // variable of its own, named DBT_ENV_SECRET_* so that dbt scrubs its
    // value from logs; whoever runs dbt sets it from the reference.
    std::string environment_name = reference->from == secret_reference::source::environment
                                       ? reference->target
                                       : "DBT_ENV_SECRET_" + upper(catalog.name) + "_" + upper(key);
    catalog.credentials.push_back({std::string(key), std::move(environment_name), std::move(*reference)});
  }
  for (std::string_view key : oauth2_keys) {
    std::string path = "catalog.credentials." + std::string(key);
    auto text = optional_string_member(object, key, path);
    if (!text) continue;
    if (key == "oauth2_server_uri") text = checked_http_url(std::move(*text), path);
    catalog.oauth2_options.emplace_back(std::string(key), std::move(*text));
  }

  auto has = [&](std::string_view key) {
    if (key == "client_id" && !catalog.client_id.empty()) return true;
    return std::any_of(catalog.credentials.begin(), catalog.credentials.end(),
                       [&](const auto& credential) { return credential.key == key; });
  };
  if (!catalog.client_id.empty() && object.contains("client_id"))
    invalid_request("catalog.credentials.client_id",
                    "give the client id once: catalog.client_id or catalog.credentials.client_id");
  if (has("client_id") != has("client_secret"))
    invalid_request("catalog.credentials", "client_id and client_secret must be given together");
  if (!has("client_id") && !has("token"))
    invalid_request("catalog.credentials", "give client_id and client_secret (OAuth2 client credentials) or token");

  // DuckDB fetches the token when the secret is created, and the secret does
  // not know the catalog's URI: without a token endpoint it fails. Use the
  // REST specification's default, which DuckDB would derive itself from a
  // catalog URI.
  bool has_server_uri = std::any_of(catalog.oauth2_options.begin(), catalog.oauth2_options.end(),
                                    [](const auto& option) { return option.first == "oauth2_server_uri"; });
  if (has("client_id") && !has_server_uri) {
    std::string base = catalog.uri;
    while (base.ends_with('/')) base.pop_back();
    catalog.oauth2_options.insert(catalog.oauth2_options.begin(), {"oauth2_server_uri", base + "/v1/oauth/tokens"});
  }
}

}  // namespace

iceberg_catalog parse_iceberg_catalog(const boost::json::value& value) {
  if (!value.is_object()) invalid_request("catalog", "expected an object");
  const auto& object = value.get_object();
  static const std::set<std::string, std::less<>> known_keys = {"type", "name", "uri", "warehouse", "client_id",
                                                                "credentials"};
  for (const auto& [key, item] : object)
    if (!known_keys.contains(key))
      invalid_request("catalog." + std::string(key),
                      "unknown key; accepted: type, name, uri, warehouse, client_id, credentials");

  std::string type = string_member(object, "type", "catalog.type");
  if (type != "rest")
    invalid_request("catalog.type",
                    "'" + type + "' is not supported; DuckDB attaches Iceberg REST catalogs (type 'rest')");

  iceberg_catalog catalog;
  catalog.name = string_member(object, "name", "catalog.name");
  // The name becomes an unquoted alias and secret name in SQL.
  if (!is_sql_identifier(catalog.name))
    invalid_request("catalog.name",
                    "'" + catalog.name + "' is not an SQL identifier (letters, digits, _; not starting with a digit)");
  catalog.uri = checked_http_url(string_member(object, "uri", "catalog.uri"), "catalog.uri");
  catalog.warehouse = optional_string_member(object, "warehouse", "catalog.warehouse");
  catalog.client_id = optional_string_member(object, "client_id", "catalog.client_id").value_or("");
  if (auto it = object.find("credentials"); it != object.end() && !it->value().is_null())
    parse_credentials(it->value(), catalog);
  else if (!catalog.client_id.empty())
    invalid_request("catalog.credentials", "catalog.client_id needs credentials.client_secret (a secret reference)");
  return catalog;
}

void check_alias_available(const iceberg_catalog& catalog, std::string_view main_database) {
  std::string alias = upper(catalog.name);
  for (std::string_view reserved : {"MAIN", "SYSTEM", "TEMP"})
    if (alias == reserved) invalid_request("catalog.name", "'" + catalog.name + "' is reserved by DuckDB");
  if (alias == upper(main_database))
    invalid_request("catalog.name", "'" + catalog.name + "' is already the name of the main database (from 'path')");
}

boost::json::object dbt_secret(const iceberg_catalog& catalog) {
  boost::json::object secret{{"type", "iceberg"}, {"name", catalog.secret_name()}};
  if (!catalog.client_id.empty()) secret["client_id"] = catalog.client_id;
  for (const auto& credential : catalog.credentials)
    secret[credential.key] = dbt_env_var(credential.environment_name);
  for (const auto& [key, text] : catalog.oauth2_options) secret[key] = text;
  return secret;
}

boost::json::object dbt_attachment(const iceberg_catalog& catalog) {
  boost::json::object attachment{{"path", catalog.attach_path()}, {"alias", catalog.name}, {"type", "iceberg"}};
  // Nested namespaces: a product's namespace in a data mesh is
  // <domain>.<product>, which DuckDB otherwise takes for one name.
  boost::json::object options{{"endpoint", catalog.uri}, {"support_nested_namespaces", true}};
  if (catalog.authenticated())
    attachment["secret"] = catalog.secret_name();
  else
    // The extension defaults to OAuth2 and refuses to attach without a secret.
    options["authorization_type"] = "none";
  attachment["options"] = std::move(options);
  return attachment;
}

std::vector<std::string> attachment_sql(const iceberg_catalog& catalog) {
  if (catalog.authenticated())
    throw error(FLOE_ERR_INVALID_ARGUMENT,
                "catalog '" + catalog.name +
                    "' has credentials: DuckDB SQL cannot read environment variables (getenv() exists only in the "
                    "DuckDB shell), so CREATE SECRET would have to contain the secret values; use generate_dbt_profile, "
                    "whose secrets read them with dbt's env_var()");
  std::vector<std::string> statements;
  for (std::string_view extension : iceberg_extensions) {
    statements.push_back("INSTALL " + std::string(extension) + ";");
    statements.push_back("LOAD " + std::string(extension) + ";");
  }
  statements.push_back("ATTACH IF NOT EXISTS " + sql_string_literal(catalog.attach_path()) + " AS " + catalog.name +
                       " (TYPE iceberg, ENDPOINT " + sql_string_literal(catalog.uri) +
                       ", SUPPORT_NESTED_NAMESPACES, AUTHORIZATION_TYPE 'none');");
  return statements;
}

}  // namespace floe::compute_duckdb
