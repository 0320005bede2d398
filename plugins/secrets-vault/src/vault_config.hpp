// The vault plugin's configuration: where the server is, which KV v2 mount,
// and how to log in. Credentials are references ({env: NAME} or
// {file: PATH}) the host resolves when a request needs them, never values.
#pragma once

#include <boost/json.hpp>

#include <chrono>
#include <string>

namespace floe::secrets_vault {

struct VaultConfig {
  std::string address;    // "http://127.0.0.1:8200", no trailing '/'
  std::string mount = "secret";
  std::string namespace_;  // X-Vault-Namespace (Vault Enterprise / OpenBao namespaces); empty: none
  bool approle = false;
  std::string token_reference;      // token auth: "env:VAULT_TOKEN"
  std::string role_id_reference;    // approle
  std::string secret_id_reference;  // approle
  std::string approle_mount = "approle";
  std::chrono::milliseconds timeout{5000};
};

// Throws floe::sdk::error(FLOE_ERR_INVALID_CONFIG) naming the key.
VaultConfig parse_vault_config(const boost::json::object& config);

extern const char kVaultConfigSchema[];

}  // namespace floe::secrets_vault
