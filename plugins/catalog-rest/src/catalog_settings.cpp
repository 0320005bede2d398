#include "catalog_settings.hpp"

#include <cctype>

#include "floe/plugin.hpp"
#include "storage_request.hpp"

namespace floe::catalog_rest {
namespace {

using floe::sdk::error;

bool is_identifier(const std::string& text) {
  if (text.empty() || std::isdigit(static_cast<unsigned char>(text[0]))) return false;
  for (char c : text)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  return true;
}

std::string string_or(const boost::json::object& object, std::string_view key, std::string fallback) {
  auto value = floe::sdk::optional_string(object, key);
  return value ? *value : std::move(fallback);
}

// A manifest secret reference object ({env: X} / {file: /p} / {secret_ref: n})
// as the host spells it. The value itself is never echoed in an error.
std::string reference_text(const boost::json::value& value, std::string_view path) {
  if (value.is_object() && value.get_object().size() == 1) {
    const auto& [kind, target] = *value.get_object().begin();
    if (target.is_string() && !target.get_string().empty() && (kind == "env" || kind == "file" || kind == "secret_ref"))
      return std::string(kind) + ":" + std::string(target.get_string());
  }
  throw error(FLOE_ERR_INVALID_ARGUMENT, "key '" + std::string(path) +
                                             "': expected a secret reference ({env: NAME}, {file: /path} or "
                                             "{secret_ref: name}), never the secret itself");
}

std::string resolve(const floe::sdk::host& host, const std::string& reference, std::string_view what) {
  if (reference.starts_with("secret_ref:"))
    throw error(FLOE_ERR_NOT_FOUND, std::string(what) + " is the secret reference '" + reference +
                                        "', which only a secrets plugin resolves; use {env: NAME} or {file: /path}");
  auto value = host.secret(reference);
  if (!value || value->empty())
    throw error(FLOE_ERR_NOT_FOUND, std::string(what) + " (" + reference + ") is not set or empty");
  return *value;
}

}  // namespace

void require_endpoint(const catalog_settings& s) {
  if (s.credential_mode == "iam_role")
    throw error(FLOE_ERR_INVALID_STATE, "plugins.catalog.config.credentials.mode iam_role needs SigV4-signed catalog "
                                        "requests, which floe's REST client does not make yet; use oauth2, static or "
                                        "vended_credentials");
  if (s.uri.empty())
    throw error(FLOE_ERR_INVALID_STATE, "plugins.catalog.config.uri is not set: name the catalog's Iceberg REST endpoint "
                                        "(the part before /v1/, e.g. http://polaris:8181/api/catalog)");
  if (s.warehouse_required && s.warehouse.empty())
    throw error(FLOE_ERR_INVALID_STATE, "plugins.catalog.config.warehouse is not set: " + s.flavor_name +
                                            " needs the name of the catalog it serves");
}

catalog_settings parse_catalog_settings(const variant& v, const boost::json::object& config) {
  catalog_settings s;
  s.uri = string_or(config, "uri", "");
  while (s.uri.ends_with('/')) s.uri.pop_back();
  s.warehouse = string_or(config, "warehouse", "");
  s.warehouse_required = v.warehouse_required;
  s.flavor_name = v.name;
  s.name = string_or(config, "name", is_identifier(s.warehouse) ? s.warehouse : "lake");
  if (!is_identifier(s.name))
    throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'name': '" + s.name + "' is not an SQL identifier");

  const boost::json::object* oauth2 = nullptr;
  if (auto it = config.find("oauth2"); it != config.end() && it->value().is_object()) oauth2 = &it->value().get_object();
  s.client_id = string_or(config, "client_id", oauth2 ? string_or(*oauth2, "client_id", "") : "");
  std::string role = string_or(config, "principal_role", "");
  if (!role.empty() && v.kind != flavor::polaris)
    throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'principal_role': only polaris has principal roles; use 'scope'");
  std::string default_scope = role.empty() ? v.default_scope : "PRINCIPAL_ROLE:" + role;
  s.scope = string_or(config, "scope", oauth2 ? string_or(*oauth2, "scope", default_scope) : default_scope);
  s.oauth2_server_uri = string_or(config, "oauth2_server_uri", oauth2 ? string_or(*oauth2, "token_url", "") : "");
  s.realm = string_or(config, "realm", "");
  if (!s.realm.empty() && v.kind != flavor::polaris)
    throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'realm': only polaris has realms; use 'properties' for headers");
  std::string delegation = string_or(config, "access_delegation", v.default_vended_credentials ? "vended-credentials" : "none");
  s.vended_credentials = delegation == "vended-credentials";
  if (auto timeout = floe::sdk::optional_int(config, "timeout_ms")) s.timeout_ms = static_cast<long>(*timeout);
  if (auto it = config.find("properties"); it != config.end() && it->value().is_object())
    for (const auto& [key, value] : it->value().get_object())
      if (value.is_string()) s.properties[std::string(key)] = std::string(value.get_string());
  if (oauth2)
    if (auto it = oauth2->find("client_secret"); it != oauth2->end())
      s.config_client_secret = reference_text(it->value(), "oauth2.client_secret");
  if (auto it = config.find("credentials"); it != config.end() && it->value().is_object()) {
    const auto& credentials = it->value().get_object();
    s.credential_mode = string_or(credentials, "mode", "");
    s.scope = string_or(credentials, "scope", s.scope);
    s.oauth2_server_uri = string_or(credentials, "token_url", s.oauth2_server_uri);
    if (s.credential_mode == "vended_credentials") s.vended_credentials = true;
  }
  return s;
}

secret_references read_secret_references(const catalog_settings& settings, const boost::json::object& request) {
  secret_references refs;
  refs.client_secret = settings.config_client_secret;
  for (auto& [key, reference] : floe::storage_common::request_secrets(request, {"client_id", "client_secret", "token"})) {
    if (key == "client_secret") refs.client_secret = std::move(reference);
    if (key == "token") refs.token = std::move(reference);
    if (key == "client_id") refs.client_id = std::move(reference);
  }
  return refs;
}

iceberg::ClientOptions client_options(const catalog_settings& settings, const secret_references& references,
                                      const floe::sdk::host& host) {
  require_endpoint(settings);
  iceberg::ClientOptions options;
  options.uri = settings.uri;
  options.warehouse = settings.warehouse;
  for (const auto& [key, value] : settings.properties) options.properties[key] = value;
  options.scope = settings.scope;
  options.oauth2_server_uri = settings.oauth2_server_uri;
  options.vended_credentials = settings.vended_credentials;
  if (!settings.realm.empty()) options.headers["Polaris-Realm"] = settings.realm;
  options.request_timeout = std::chrono::milliseconds(settings.timeout_ms);
  options.connect_timeout = std::chrono::milliseconds(std::min(settings.timeout_ms, 5000L));
  if (!references.token.empty()) {
    options.token = resolve(host, references.token, "the catalog token");
  } else if (!settings.client_id.empty() || !references.client_id.empty()) {
    std::string id = !references.client_id.empty() ? resolve(host, references.client_id, "the catalog's client_id")
                                                   : settings.client_id;
    if (references.client_secret.empty())
      throw error(FLOE_ERR_NOT_FOUND, "the catalog's client id has no secret: add plugins.catalog.secrets.client_secret "
                                      "to the platform");
    options.client_id = std::move(id);
    options.client_secret = resolve(host, references.client_secret, "the catalog's client_secret");
  } else if (settings.credential_mode == "static" || settings.credential_mode == "oauth2") {
    throw error(FLOE_ERR_NOT_FOUND, "credentials.mode " + settings.credential_mode + " needs plugins.catalog.secrets." +
                                        (settings.credential_mode == "static" ? "token" : "client_id and client_secret"));
  }
  return options;
}

}  // namespace floe::catalog_rest
