// A credential in a plugin's configuration is a reference the host resolves
// when a request needs it ({env: NAME} or {file: PATH}), never the value: a
// manifest and the compiled artifacts may be read by anyone who reads the
// platform. And a credential sent over plain http:// is readable on the way,
// so http:// is for the loopback interface only (local test servers).
// Header-only: plugins that do not link floe_plugin_support include it too.
#pragma once

#include <boost/json.hpp>

#include <string>

#include "floe/plugin.hpp"

namespace floe::plugin_support {

// {env: NAME} -> "env:NAME", {file: PATH} -> "file:PATH" (the host's
// reference syntax). Throws INVALID_CONFIG naming `key` (the manifest key,
// e.g. "plugins.secrets.config.auth.token_ref") otherwise.
inline std::string credential_reference(const boost::json::value& value, const std::string& key) {
  const auto* o = value.if_object();
  auto env = o != nullptr ? floe::sdk::optional_string(*o, "env") : std::nullopt;
  auto file = o != nullptr ? floe::sdk::optional_string(*o, "file") : std::nullopt;
  if (o == nullptr || env.has_value() == file.has_value() || o->size() != 1 || (env ? *env : *file).empty())
    throw floe::sdk::error(FLOE_ERR_INVALID_CONFIG, key + ": expected {env: NAME} or {file: PATH}, one of them");
  return env ? "env:" + *env : "file:" + *file;
}

// Whether `url` is http:// to 127.0.0.1, localhost or [::1].
inline bool loopback_http(const std::string& url) {
  for (const char* prefix : {"http://127.0.0.1", "http://localhost", "http://[::1]"}) {
    std::string p = prefix;
    if (url.rfind(p, 0) == 0 && (url.size() == p.size() || url[p.size()] == ':' || url[p.size()] == '/')) return true;
  }
  return false;
}

}  // namespace floe::plugin_support
