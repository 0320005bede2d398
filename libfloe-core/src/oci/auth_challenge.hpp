// WWW-Authenticate parsing (RFC 7235): a header may hold several challenges,
// each a scheme followed by a token68 or by comma-separated auth-params whose
// values are tokens or quoted strings (which may contain commas and escapes).
// Registries answer `Basic realm="..."` or
// `Bearer realm="<url>",service="<svc>",scope="repository:<name>:pull,push"`
// with an optional error="insufficient_scope" | "invalid_token".
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace floe::oci {

struct AuthChallenge {
  std::string scheme;                         // lower-case: "basic", "bearer", ...
  std::map<std::string, std::string> params;  // names lower-case, values unquoted
  std::string token68;                        // the rare non-param form

  // A parameter's value, "" if absent.
  std::string param(const std::string& name) const;
};

// Every challenge in one header value, in order; malformed trailing text is
// ignored (what parsed before it is kept).
std::vector<AuthChallenge> parse_www_authenticate(std::string_view header);

}  // namespace floe::oci
