#include "infisical_config.hpp"

#include "credential_reference.hpp"
#include "floe/plugin.hpp"
#include "secret_location.hpp"

namespace floe::secrets_infisical {

// {env: NAME} or {file: PATH}, spelled out: the host's schema subset for
// plugins has no $ref. "Exactly one of" is checked by parse_infisical_config.
#define FLOE_INFISICAL_REF                                                   \
  "{\"type\": \"object\", \"additionalProperties\": false, \"properties\": " \
  "{\"env\": {\"type\": \"string\"}, "                                       \
  "\"file\": {\"type\": \"string\"}}, \"description\": \"{env: NAME} or "    \
  "{file: PATH}: where the host reads the "                                  \
  "credential, never the value.\"}"

const char kInfisicalConfigSchema[] =
    R"json({"type": "object", "additionalProperties": false,
  "required": ["project_id", "environment"],
  "properties": {
    "site_url": {"type": "string", "pattern": "^https?://[^/?#]+(/[^?#]*)?$", "default": "https://app.infisical.com",
                 "description": "Infisical Cloud (https://app.infisical.com, https://eu.infisical.com) or a self-hosted server, without /api; http:// only for 127.0.0.1 or localhost."},
    "project_id": {"type": "string", "minLength": 1, "description": "The project's ID (projectId, formerly workspaceId)."},
    "environment": {"type": "string", "pattern": "^[A-Za-z0-9_-]+$", "description": "The environment's slug: dev, staging, prod, ..."},
    "secret_path": {"type": "string", "pattern": "^/", "default": "/", "description": "The folder keys are read under."},
    "auth": {"type": "object", "additionalProperties": false,
             "description": "One of universal_auth (a machine identity) or token_ref (an access token); default token_ref {env: INFISICAL_TOKEN}.",
             "properties": {
               "universal_auth": {"type": "object", "additionalProperties": false, "required": ["client_id", "client_secret_ref"],
                                  "properties": {"client_id": {"type": "string", "minLength": 1},
                                                 "client_secret_ref": )json" FLOE_INFISICAL_REF
    R"json(}},
               "token_ref": )json" FLOE_INFISICAL_REF R"json(}},
    "timeout_ms": {"type": "integer", "minimum": 100, "maximum": 60000, "default": 5000, "description": "How long one request may take."},
    "operator": {"type": "object", "additionalProperties": false,
                 "description": "floe platform deploy: the Infisical Operator's InfisicalSecret.",
                 "properties": {
                   "credentials_secret": {"type": "string", "pattern": "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$", "default": "infisical-credentials",
                                          "description": "The Kubernetes Secret in each namespace with the operator's credentials (clientId and clientSecret, or infisicalToken)."},
                   "resync_interval": {"type": "integer", "minimum": 5, "maximum": 86400, "default": 60, "description": "Seconds between the operator's syncs."}}}}})json";

namespace {

using floe::sdk::error;

[[noreturn]] void bad(const std::string& key, const std::string& why) {
  throw error(FLOE_ERR_INVALID_CONFIG, "plugins.secrets.config." + key + ": " + why);
}

const boost::json::object* object_at(const boost::json::object& o, const char* key, const std::string& at) {
  const boost::json::value* v = o.if_contains(key);
  if (v == nullptr) return nullptr;
  if (!v->is_object()) bad(at + key, "expected an object");
  return &v->get_object();
}

void parse_auth(const boost::json::object& auth, InfisicalConfig& c) {
  if (auth.size() != 1 || !(auth.contains("universal_auth") || auth.contains("token_ref")))
    bad("auth", "expected one of universal_auth {client_id, client_secret_ref} or token_ref {env: NAME}");
  if (const auto* ua = object_at(auth, "universal_auth", "auth.")) {
    c.client_id = floe::sdk::optional_string(*ua, "client_id").value_or("");
    if (c.client_id.empty()) bad("auth.universal_auth.client_id", "required (the machine identity's client ID)");
    const boost::json::value* secret = ua->if_contains("client_secret_ref");
    if (secret == nullptr) bad("auth.universal_auth.client_secret_ref", "required ({env: NAME} or {file: PATH})");
    c.client_secret_reference =
        plugin_support::credential_reference(*secret, "plugins.secrets.config.auth.universal_auth.client_secret_ref");
  } else {
    c.token_reference =
        plugin_support::credential_reference(auth.at("token_ref"), "plugins.secrets.config.auth.token_ref");
  }
}

}  // namespace

InfisicalConfig parse_infisical_config(const boost::json::object& config) {
  InfisicalConfig c;
  if (auto url = floe::sdk::optional_string(config, "site_url")) c.site_url = *url;
  while (!c.site_url.empty() && c.site_url.back() == '/') c.site_url.pop_back();
  if (c.site_url.rfind("https://", 0) != 0 && !plugin_support::loopback_http(c.site_url))
    bad("site_url",
        c.site_url +
            " would carry the access token unencrypted; use https:// (http:// only on 127.0.0.1 or localhost)");
  if (c.site_url.size() >= 4 && c.site_url.compare(c.site_url.size() - 4, 4, "/api") == 0)
    bad("site_url",
        c.site_url + " ends with /api; give the server's address without it (floe adds /api/v1/..., /api/v4/...)");
  c.project_id = floe::sdk::optional_string(config, "project_id").value_or("");
  if (c.project_id.empty()) bad("project_id", "required (the Infisical project's ID)");
  c.environment = floe::sdk::optional_string(config, "environment").value_or("");
  if (c.environment.empty() ||
      c.environment.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") !=
          std::string::npos)
    bad("environment", "expected an environment slug such as dev or prod");
  if (auto path = floe::sdk::optional_string(config, "secret_path")) {
    if (path->empty() || path->front() != '/' || !safe_folder(*path))
      bad("secret_path", "expected an absolute folder path such as / or /warehouse");
    c.secret_path = join_folder("/", *path);
  }
  if (auto ms = floe::sdk::optional_int(config, "timeout_ms")) {
    if (*ms < 100 || *ms > 60000) bad("timeout_ms", "expected 100 to 60000");
    c.timeout = std::chrono::milliseconds(*ms);
  }
  if (const auto* auth = object_at(config, "auth", "")) parse_auth(*auth, c);
  if (const auto* op = object_at(config, "operator", "")) {
    if (auto name = floe::sdk::optional_string(*op, "credentials_secret")) c.credentials_secret = *name;
    if (auto seconds = floe::sdk::optional_int(*op, "resync_interval"))
      c.resync_interval_seconds = static_cast<int>(*seconds);
  }
  return c;
}

}  // namespace floe::secrets_infisical
