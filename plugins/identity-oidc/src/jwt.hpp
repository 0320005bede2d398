// A JSON Web Token in its compact form (header.payload.signature, each
// base64url): split and decoded, bounded in size, without trusting anything
// yet (jwk.hpp checks the signature, the provider the claims).
#pragma once

#include <boost/json/object.hpp>

#include <optional>
#include <string>

namespace floe::identity_oidc {

struct Jwt {
  boost::json::object header, claims;
  std::string signing_input;  // "header.payload" as sent: what the signature covers
  std::string signature;      // raw bytes
};

// nullopt with `why` for anything that is not a well-formed JWT.
std::optional<Jwt> parse_jwt(const std::string& token, std::string& why);

std::optional<std::string> base64url_decode(const std::string& text);

}  // namespace floe::identity_oidc
