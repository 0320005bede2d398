#include "compile/secret_scan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <cmath>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>

#include "config/located_document.hpp"
#include "core/regex.hpp"
#include "diag/codes.hpp"

namespace floe {
namespace {

bool is_placeholder(const std::string& s) { return s.find("{{ env_var(") != std::string::npos; }

// dbt.profile_env maps variables to the references that fill them
// ("env:NAME", "file:/path"; compile/dbt_profile.cpp accepts nothing else).
bool is_profile_env_reference(const std::string& path, const std::string& s) {
  if (!path.starts_with("dbt.profile_env.")) return false;
  if (s.starts_with("file:/")) return s.find_first_of(" \t\n") == std::string::npos;
  if (!s.starts_with("env:") || s.size() == 4) return false;
  return std::all_of(s.begin() + 4, s.end(),
                     [](unsigned char c) { return std::isalnum(c) || c == '_'; });
}

// Keys whose value is a credential when it is a literal.
bool credential_key(std::string key) {
  std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::tolower(c); });
  static const char* names[] = {"password", "passwd", "secret", "token", "api_key", "apikey", "private_key",
                                "access_key", "secret_key", "client_secret", "credentials", "auth"};
  for (const char* n : names)
    if (key.find(n) != std::string::npos) return true;
  return false;
}

// Keys that contain a credential word and hold none: an OAuth2 scope or
// token endpoint (what a catalog secret asks for, not the secret), and the
// name of the DuckDB secret an `attach` entry of a dbt-duckdb profile uses.
bool names_no_credential(const std::string& key, const std::string& path) {
  if (key == "oauth2_scope" || key == "oauth2_server_uri" || key == "authorization_type") return true;
  return key == "secret" && path.find(".attach[") != std::string::npos;
}

// Whether the text names a credential at all (case-insensitive), the
// precondition of the assignment pattern.
bool mentions_credential(const std::string& s) {
  std::string lower(s);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const char* word : {"password", "passwd", "pwd", "secret", "token", "api"})
    if (lower.find(word) != std::string::npos) return true;
  return false;
}

double shannon_entropy(const std::string& s) {
  std::map<char, int> counts;
  for (char c : s) ++counts[c];
  double h = 0;
  for (const auto& [c, n] : counts) {
    double p = static_cast<double>(n) / static_cast<double>(s.size());
    h -= p * std::log2(p);
  }
  return h;
}

bool contains(const std::string& s, const char* needle) { return s.find(needle) != std::string::npos; }

// A kind of credential: a cheap substring test that must pass before its
// pattern runs, the pattern, and what the finding calls it.
struct CredentialPattern {
  bool (*could_match)(const std::string&);
  const char* pattern;
  Regex::Case letter_case;
  const char* kind;
};

const CredentialPattern kCredentialPatterns[] = {
    {[](const std::string& s) { return contains(s, "AKIA") || contains(s, "ASIA"); },
     R"((^|[^A-Z0-9])(AKIA|ASIA)[0-9A-Z]{16}([^A-Z0-9]|$))", Regex::Case::sensitive, "an AWS access key"},
    {[](const std::string& s) { return contains(s, "PRIVATE KEY"); }, R"(-----BEGIN ([A-Z]+ )?PRIVATE KEY-----)",
     Regex::Case::sensitive, "a private key"},
    {[](const std::string& s) { return contains(s, "gh") && contains(s, "_"); }, R"(gh[pousr]_[A-Za-z0-9]{36,})",
     Regex::Case::sensitive, "a GitHub token"},
    {[](const std::string& s) { return contains(s, "eyJ"); },
     R"(eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,})", Regex::Case::sensitive, "a JSON web token"},
    {[](const std::string& s) { return contains(s, "://") && contains(s, "@"); },
     R"([a-z][a-z0-9+.-]*://[^/\s:@]+:[^/\s@{]+@)", Regex::Case::insensitive, "a URL with an embedded password"},
    {[](const std::string& s) { return (contains(s, "=") || contains(s, ":")) && mentions_credential(s); },
     R"((password|passwd|pwd|secret|token|api[_-]?key)\s*[=:]\s*['"]?[^\s'"{]{6,})", Regex::Case::insensitive,
     "an assigned password or token"},
};
constexpr std::size_t kCredentialPatternCount = std::size(kCredentialPatterns);

// Pattern i, compiled the first time its substring test passes: most compiles
// never need most of them (all six RE2 programs up front were ~5 % of a cold
// customer-360 compile).
const Regex& credential_regex(std::size_t i) {
  static std::once_flag once[kCredentialPatternCount];
  static std::unique_ptr<Regex> compiled[kCredentialPatternCount];
  std::call_once(once[i], [i] {
    compiled[i] = std::make_unique<Regex>(kCredentialPatterns[i].pattern, kCredentialPatterns[i].letter_case);
  });
  return *compiled[i];
}

// What kind of credential the text looks like, or "" if none. Compiled
// artifacts hold tens of thousands of strings (model names, paths, findings),
// so each regex only runs when a cheap substring test says it could match.
std::string credential_kind(const std::string& s) {
  for (std::size_t i = 0; i < kCredentialPatternCount; ++i)
    if (kCredentialPatterns[i].could_match(s) && credential_regex(i).search(s)) return kCredentialPatterns[i].kind;
  return "";
}

void walk(const boost::json::value& v, const std::string& path, const std::string& key, const std::string& file,
          Diagnostics& diags) {
  if (v.is_object()) {
    for (const auto& [k, child] : v.as_object()) {
      // Secret references name where a secret lives (a store key, a variable),
      // never the secret: those names are meant to be in the output.
      if (k == "reference" || k == "secret_ref" || k == "env_var") continue;
      walk(child, join_path(path, std::string(k)), std::string(k), file, diags);
    }
    return;
  }
  if (v.is_array()) {
    for (std::size_t i = 0; i < v.as_array().size(); ++i) walk(v.as_array()[i], index_path(path, i), key, file, diags);
    return;
  }
  if (!v.is_string()) return;
  std::string s(v.as_string());
  if (is_placeholder(s) || is_profile_env_reference(path, s)) return;
  std::string kind = credential_kind(s);
  if (kind.empty() && credential_key(key) && !names_no_credential(key, path) && s.size() >= 8 &&
      shannon_entropy(s) >= 3.0 &&
      s.find('/') == std::string::npos)
    kind = "a literal value under a credential key";
  if (kind.empty()) return;
  Diagnostic d;
  d.code = codes::S501;
  d.category = "secrets";
  d.message = fmt::format("refusing to write {}: {} looks like {}", file, path, kind);
  d.where.file = file;
  d.subject = path;
  d.expected = "secret references ({secret_ref: NAME}, {env: VAR}, ...) which compile to env_var() placeholders";
  d.hint = "move the value into a secret store and reference it from the platform manifest";
  diags.add(std::move(d));
}

}  // namespace

void scan_for_credentials(const boost::json::value& output, const std::string& file, Diagnostics& diags) {
  walk(output, "", "", file, diags);
}

}  // namespace floe
