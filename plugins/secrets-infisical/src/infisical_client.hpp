// Infisical's REST API as the infisical plugin uses it: a machine identity's
// Universal Auth login (POST /api/v1/auth/universal-auth/login: client ID +
// client secret -> an access token with its lifetime), cached until shortly
// before it expires and renewed once when the server refuses it (401); or an
// access token from a reference. Secrets through the v4 secrets endpoints
// (/api/v4/secrets[/{name}]?projectId=&environment=&secretPath=).
// Errors name the key, the folder, the server and the credential's
// reference, never a token, a client secret or a value.
#pragma once

#include <boost/json.hpp>

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "floe/plugin.hpp"
#include "infisical_config.hpp"
#include "secret_location.hpp"

namespace floe::secrets_infisical {

class InfisicalClient {
 public:
  InfisicalClient(InfisicalConfig config, const floe::sdk::host& host) : config_(std::move(config)), host_(host) {}

  const InfisicalConfig& config() const { return config_; }

  // The value of one secret; NOT_FOUND naming `key` when there is none.
  std::string read(const SecretLocation& at, const std::string& key);
  // Every secret of `folder` with its value (a folder's own before those it
  // imports); NOT_FOUND when it has none. `what` names the request in messages.
  std::map<std::string, std::string> read_folder(const std::string& folder, const std::string& what);
  // The names of the secrets in `folder` (the server is asked to leave the
  // values out); none when the folder does not exist.
  std::vector<std::string> names(const std::string& folder, const std::string& what);
  // Updates the secret's value, or creates the secret.
  void write(const SecretLocation& at, const std::string& value, const std::string& key);
  // Logs in and lists secret_path without values; what it found, or throws.
  std::string check();

 private:
  boost::json::value call(const std::string& method, const std::string& api_path, const std::string& body,
                          const std::string& what, bool* not_found);
  boost::json::value list(const std::string& folder, bool values, const std::string& what, bool* not_found);
  std::string scope_query(const std::string& folder) const;
  std::string access_token();
  void login();  // with mutex_ held

  InfisicalConfig config_;
  const floe::sdk::host& host_;
  std::mutex mutex_;
  std::string access_token_;  // of the last Universal Auth login; "" before it
                              // and once refused
  std::chrono::steady_clock::time_point renew_at_;
};

}  // namespace floe::secrets_infisical
