#include "core/credential_key.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace floe {
namespace {

// "clientSecret" -> "client_secret", "Client-Secret" -> "client_secret".
std::string normalised(std::string_view key) {
  std::string out;
  out.reserve(key.size() + 4);
  for (std::size_t i = 0; i < key.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(key[i]);
    if (std::isupper(c) && i > 0 && std::islower(static_cast<unsigned char>(key[i - 1]))) out += '_';
    out += c == '-' || c == '.' || c == ' ' ? '_' : static_cast<char>(std::tolower(c));
  }
  return out;
}

bool ends_with_word(const std::string& key, std::string_view word) {
  if (key.size() < word.size() || key.compare(key.size() - word.size(), word.size(), word) != 0) return false;
  return key.size() == word.size() || key[key.size() - word.size() - 1] == '_';
}

}  // namespace

bool is_credential_key(std::string_view key) {
  static constexpr std::array<std::string_view, 22> kWords = {
      "password",    "passwd",     "passphrase",  "pass",          "pwd",          "secret",
      "secrets",     "token",      "credential",  "credentials",   "api_key",      "apikey",
      "private_key", "access_key", "secret_key",  "client_secret", "account_key",  "sas_token",
      "auth_token",  "session_token", "connection_string", "service_account_json"};
  std::string k = normalised(key);
  return std::any_of(kWords.begin(), kWords.end(), [&](std::string_view w) { return ends_with_word(k, w); });
}

bool is_credential_map_key(std::string_view key) {
  std::string k = normalised(key);
  return ends_with_word(k, "credential") || ends_with_word(k, "credentials");
}

bool is_identity_key(std::string_view key) {
  static constexpr std::array<std::string_view, 27> kKeys = {
      "user",     "username", "user_name", "login",  "client_id", "account", "account_id", "tenant_id", "role",
      "role_arn", "type",     "mode",      "method", "region",    "host",    "port",       "scope",     "audience",
      "issuer",   "uri",      "endpoint",  "url",    "project",   "name",    "provider",   "database",  "expires_at"};
  std::string k = normalised(key);
  return std::find(kKeys.begin(), kKeys.end(), k) != kKeys.end();
}

}  // namespace floe
