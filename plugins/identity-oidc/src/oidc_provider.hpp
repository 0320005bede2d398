// One OpenID Connect provider as floe sees it: its issuer (given, or made by
// a preset from the provider's base URL), its discovery document and JWKS
// fetched over HTTP(S) and cached, and the checks a token must pass: a JWS
// signed RS256 or ES256 by a key of the JWKS (alg "none" and HMAC refused),
// iss equal to the issuer, aud containing the audience, exp in the future and
// nbf/iat not in it, each within the clock skew.
#pragma once

#include <boost/json/object.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace floe::identity_oidc {

struct ProviderConfig {
  std::string issuer, audience;
  std::vector<std::string> algorithms{"RS256", "ES256"};
  std::chrono::seconds clock_skew{60};
  std::chrono::seconds jwks_cache{300};
  double timeout_seconds = 5;
};

// The configuration read from a plugin config (presets applied); throws
// floe::sdk::error INVALID_CONFIG naming the key.
ProviderConfig provider_config(const boost::json::object& config);

struct Validation {
  bool valid = false;
  std::string error;  // why not, never the token
  boost::json::object claims;
};

class OidcProvider {
 public:
  // `get` fetches a URL's body (HTTP 200) or throws floe::sdk::error.
  using Fetch = std::function<std::string(const std::string& url, double timeout_seconds)>;
  OidcProvider(ProviderConfig config, Fetch fetch);

  const ProviderConfig& config() const { return config_; }
  const boost::json::object& discovery();  // fetched once
  Validation validate(const std::string& token, std::chrono::system_clock::time_point now);

 private:
  const boost::json::object* key_for(const std::string& kid, bool refresh);

  ProviderConfig config_;
  Fetch fetch_;
  boost::json::object discovery_;
  boost::json::object jwks_;
  std::chrono::steady_clock::time_point jwks_at_{};
};

// GET over libcurl (plugins/common), https or loopback http only.
std::string http_get(const std::string& url, double timeout_seconds);
// POST of a form; the body of any answer, and its status.
std::string http_post_form(const std::string& url, const std::string& form, double timeout_seconds, long& status);

}  // namespace floe::identity_oidc
