// Reads a KV version 2 mount of Vault / OpenBao: logs in (a token from a
// reference, or AppRole's role_id + secret_id exchanged for a client token,
// cached and renewed once when refused), reads secrets and lists keys.
// Errors name the secret's key and path, the server's address and the
// credential's reference, never a token or a value.
#pragma once

#include <boost/json.hpp>

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "floe/plugin.hpp"
#include "vault_config.hpp"

namespace floe::secrets_vault {

// Where a floe secret key lives: "path#field", "path/field" (the Kubernetes
// name/key shape) or "name" (field "value"). A path already spelled with
// the API's "<mount>/data/" prefix (a {vault: {path: secret/data/x}}
// reference) has it removed.
struct SecretLocation {
  std::string path;
  std::string field;
};
SecretLocation locate(const std::string& key, const std::string& mount);

class VaultClient {
 public:
  VaultClient(VaultConfig config, const floe::sdk::host& host) : config_(std::move(config)), host_(host) {}

  const VaultConfig& config() const { return config_; }

  // Every field of the secret at `path` (non-string values as JSON text);
  // NOT_FOUND when there is none. `key` is only for messages.
  std::map<std::string, std::string> read(const std::string& path, const std::string& key);
  // The keys one level under `prefix` (folders end with '/').
  std::vector<std::string> list(const std::string& prefix);
  // Logs in and looks the token up; what it found, or throws.
  std::string check();

 private:
  boost::json::value call(const std::string& method, const std::string& api_path, const std::string& body,
                          const std::string& what, bool* not_found);
  std::string token();
  std::string login();

  VaultConfig config_;
  const floe::sdk::host& host_;
  std::mutex mutex_;
  std::string approle_token_;  // cached client token of an AppRole login
};

}  // namespace floe::secrets_vault
