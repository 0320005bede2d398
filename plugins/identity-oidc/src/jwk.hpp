// A signing key of the issuer's JWKS (RFC 7517): RSA (n, e) for RS256 and
// EC P-256 (x, y) for ES256, turned into an OpenSSL key, and a JWT's
// signature checked with it. Other key types and algorithms are refused.
#pragma once

#include <boost/json/object.hpp>

#include <string>

namespace floe::identity_oidc {

// True when `signature` over `signing_input` verifies with `jwk` for `alg`
// (RS256 or ES256); false with `why` otherwise (a malformed key included).
bool verify_signature(const boost::json::object& jwk, const std::string& alg, const std::string& signing_input,
                      const std::string& signature, std::string& why);

}  // namespace floe::identity_oidc
