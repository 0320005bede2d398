// Which credentials to present to a registry host, looked up as docker and
// oras do: explicit options, then FLOE_REGISTRY_USERNAME/PASSWORD or
// FLOE_REGISTRY_TOKEN, then the docker config file ($DOCKER_CONFIG/config.json,
// else ~/.docker/config.json): credHelpers[host], else credsStore, else
// auths[host]. `source` names where they came from, for messages; secrets
// never appear in any message.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace floe::oci {

struct Credential {
  enum class Kind {
    anonymous,
    basic,           // username + secret (password)
    refresh_token,   // secret is an identity/refresh token, traded at the token realm
    registry_token,  // secret is a bearer token sent as is
  };
  Kind kind = Kind::anonymous;
  std::string username;
  std::string secret;
  std::string source;  // e.g. "FLOE_REGISTRY_USERNAME/PASSWORD", "docker config /x/config.json (auths)"
};

struct CredentialQuery {
  std::string host;  // "registry.example.com" or "127.0.0.1:5000"
  std::string username, password, token;  // explicit (RegistryOptions)
  std::string docker_config_dir;          // overrides $DOCKER_CONFIG
  // A credential helper that gives no answer within this is stopped (one
  // waiting for a keychain prompt must not hang a publish).
  std::chrono::milliseconds helper_timeout{30000};
};

// The credentials for `query.host`; anonymous when none are configured.
// Errors: FLOE_ERR_INVALID_CONFIG for an unreadable config file or a
// malformed entry, FLOE_ERR_UNAUTHORIZED when a credential helper fails.
Result<Credential> find_credentials(const CredentialQuery& query);

// "https://host:5000/v1/" -> "host:5000": how auths keys written as URLs
// compare with a host.
std::string normalize_registry_key(std::string_view key);

}  // namespace floe::oci
