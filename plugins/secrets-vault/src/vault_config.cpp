#include "vault_config.hpp"

#include "credential_reference.hpp"
#include "floe/plugin.hpp"

namespace floe::secrets_vault {

// {env: NAME} or {file: PATH}, spelled out: the host's schema checker has no $ref.
#define FLOE_VAULT_REF \
  "{\"type\": \"object\", \"additionalProperties\": false, \"properties\": {\"env\": {\"type\": \"string\"}, \"file\": {\"type\": \"string\"}}}"

const char kVaultConfigSchema[] =
    "{\"type\": \"object\", \"additionalProperties\": false, \"required\": [\"address\"], \"properties\": {"
    "\"address\": {\"type\": \"string\", \"pattern\": \"^https?://[^/]+/?$\", "
    "\"description\": \"The server, e.g. https://vault.example:8200; http:// only for 127.0.0.1 or localhost.\"},"
    "\"mount\": {\"type\": \"string\", \"pattern\": \"^[A-Za-z0-9_.-]+$\", \"default\": \"secret\", "
    "\"description\": \"The KV version 2 secrets engine's mount.\"},"
    "\"namespace\": {\"type\": \"string\", \"description\": \"Sent as X-Vault-Namespace.\"},"
    "\"auth\": {\"type\": \"object\", \"additionalProperties\": false, \"required\": [\"method\"], \"properties\": {"
    "\"method\": {\"enum\": [\"token\", \"approle\"]},"
    "\"token\": " FLOE_VAULT_REF ", \"role_id\": " FLOE_VAULT_REF ", "
    "\"secret_id\": " FLOE_VAULT_REF ", \"mount\": {\"type\": \"string\", \"pattern\": \"^[A-Za-z0-9_.-]+$\"}}},"
    "\"timeout_ms\": {\"type\": \"integer\", \"minimum\": 100, \"maximum\": 60000, \"default\": 5000}}}";

namespace {

using floe::sdk::error;

// {env: NAME} or {file: PATH} -> "env:NAME" / "file:PATH"; `fallback` when absent.
std::string reference_of(const boost::json::object& auth, const char* key, const std::string& fallback) {
  const boost::json::value* v = auth.if_contains(key);
  if (v == nullptr) {
    if (fallback.empty())
      throw error(FLOE_ERR_INVALID_CONFIG, std::string("plugins.secrets.config.auth.") + key + ": required for approle");
    return fallback;
  }
  return floe::plugin_support::credential_reference(*v, std::string("plugins.secrets.config.auth.") + key);
}

}  // namespace

VaultConfig parse_vault_config(const boost::json::object& config) {
  VaultConfig c;
  c.address = floe::sdk::required_string(config, "address");
  while (!c.address.empty() && c.address.back() == '/') c.address.pop_back();
  if (c.address.rfind("https://", 0) != 0 && !floe::plugin_support::loopback_http(c.address))
    throw error(FLOE_ERR_INVALID_CONFIG, "plugins.secrets.config.address: " + c.address +
                                             " would carry the Vault token unencrypted; use https:// (http:// only on 127.0.0.1 or localhost)");
  c.mount = floe::sdk::optional_string(config, "mount").value_or("secret");
  c.namespace_ = floe::sdk::optional_string(config, "namespace").value_or("");
  if (auto ms = floe::sdk::optional_int(config, "timeout_ms")) c.timeout = std::chrono::milliseconds(*ms);
  boost::json::object auth;
  if (const auto* a = config.if_contains("auth"); a != nullptr && a->is_object()) auth = a->get_object();
  std::string method = floe::sdk::optional_string(auth, "method").value_or("token");
  c.approle = method == "approle";
  if (c.approle) {
    c.role_id_reference = reference_of(auth, "role_id", "");
    c.secret_id_reference = reference_of(auth, "secret_id", "");
    c.approle_mount = floe::sdk::optional_string(auth, "mount").value_or("approle");
  } else {
    c.token_reference = reference_of(auth, "token", "env:VAULT_TOKEN");
  }
  return c;
}

}  // namespace floe::secrets_vault
