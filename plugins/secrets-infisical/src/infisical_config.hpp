// The infisical plugin's configuration: which Infisical (Infisical Cloud or
// a self-hosted server), which project, environment and folder, and how to
// log in: a machine identity's Universal Auth (client ID + a reference to
// its client secret) or an access token from a reference. Credentials are
// references ({env: NAME} or {file: PATH}) resolved when a request needs
// them, never values.
#pragma once

#include <boost/json.hpp>

#include <chrono>
#include <string>

namespace floe::secrets_infisical {

struct InfisicalConfig {
  std::string site_url = "https://app.infisical.com";  // no trailing '/'
  std::string project_id;
  std::string environment;        // the environment's slug: dev, staging, prod, ...
  std::string secret_path = "/";  // the folder keys are relative to; absolute,
                                  // no trailing '/' but the root's
  std::string client_id;          // Universal Auth; empty: token auth
  std::string client_secret_reference;
  std::string token_reference = "env:INFISICAL_TOKEN";  // the variable Infisical's own CLI reads
  std::chrono::milliseconds timeout{5000};
  // For floe platform deploy (the Infisical Operator's InfisicalSecret).
  std::string credentials_secret = "infisical-credentials";
  int resync_interval_seconds = 60;

  bool universal_auth() const { return !client_id.empty(); }
  // Where a message says the credential comes from.
  std::string credential() const {
    return universal_auth() ? "Universal Auth client " + client_id + " with " + client_secret_reference
                            : token_reference;
  }
};

// Throws floe::sdk::error(FLOE_ERR_INVALID_CONFIG) naming the key.
InfisicalConfig parse_infisical_config(const boost::json::object& config);

extern const char kInfisicalConfigSchema[];

}  // namespace floe::secrets_infisical
