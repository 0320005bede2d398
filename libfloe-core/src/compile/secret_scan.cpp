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
#include <utility>
#include <vector>

#include "config/located_document.hpp"
#include "core/credential_key.hpp"
#include "core/regex.hpp"
#include "diag/codes.hpp"

namespace floe {
namespace {

// The text with each placeholder that only names a variable
// ("{{ env_var('NAME') }}", optionally piped through filters such as
// "| as_number") taken out. A placeholder exempts only itself: an AWS key or
// a "password=..." beside one is still scanned. One with a default
// ("{{ env_var('X', 'literal') }}") stays: its default is a literal.
std::string without_placeholders(const std::string& s) {
  std::string out;
  std::size_t at = 0;
  while (true) {
    std::size_t open = s.find("{{", at);
    if (open == std::string::npos) break;
    std::size_t i = open + 2;
    auto skip_spaces = [&] { while (i < s.size() && s[i] == ' ') ++i; };
    auto take = [&](std::string_view word) {
      if (s.compare(i, word.size(), word) != 0) return false;
      i += word.size();
      return true;
    };
    skip_spaces();
    bool ok = take("env_var(");
    skip_spaces();
    char quote = ok && i < s.size() && (s[i] == '\'' || s[i] == '"') ? s[i++] : '\0';
    ok = ok && quote != '\0';
    std::size_t name_start = i;
    while (ok && i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_')) ++i;
    ok = ok && i > name_start && i < s.size() && s[i++] == quote;
    skip_spaces();
    ok = ok && take(")");
    while (ok) {  // filters: "| as_number", "| int"
      skip_spaces();
      if (i >= s.size() || s[i] != '|') break;
      ++i;
      skip_spaces();
      std::size_t filter = i;
      while (i < s.size() && (std::islower(static_cast<unsigned char>(s[i])) || s[i] == '_')) ++i;
      ok = i > filter;
    }
    skip_spaces();
    ok = ok && take("}}");
    if (ok) {
      out.append(s, at, open - at);  // the placeholder itself is dropped
      at = i;
    } else {
      out.append(s, at, open + 2 - at);  // not a bare placeholder: kept, scanned
      at = open + 2;
    }
  }
  out.append(s, at, std::string::npos);
  return out;
}

// dbt.profile_env maps variables to the references that fill them
// ("env:NAME", "file:/path"; compile/dbt_profile.cpp accepts nothing else).
bool is_profile_env_reference(const std::string& path, const std::string& s) {
  if (!path.starts_with("dbt.profile_env.")) return false;
  if (s.starts_with("file:/")) return s.find_first_of(" \t\n") == std::string::npos;
  if (!s.starts_with("env:") || s.size() == 4) return false;
  return std::all_of(s.begin() + 4, s.end(),
                     [](unsigned char c) { return std::isalnum(c) || c == '_'; });
}

// Keys that may hold a credential, judged by its look (long, varied, not a
// path): wider than is_credential_key, whose literals are refused outright.
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

}  // namespace

std::string credential_at(const std::string& path, const std::string& key, bool in_credentials,
                          const std::string& value) {
  if (is_profile_env_reference(path, value)) return "";
  std::string s = without_placeholders(value);
  if (s.find_first_not_of(" \t\n") == std::string::npos) return "";
  std::string kind = credential_kind(s);
  if (!kind.empty() || names_no_credential(key, path)) return kind;
  // A key that names a credential (password, pass, token, Iceberg's
  // credential, ...), or any key but an identity below a credential map:
  // every literal is one, however short or plain ("hunter2" included).
  if (is_credential_key(key)) return "a literal value under a credential key";
  if (in_credentials && !is_identity_key(key) && s.find('/') == std::string::npos)  // a path names a key file
    return "a literal value inside a credential map";
  if (credential_key(key) && s.size() >= 8 && shannon_entropy(s) >= 3.0 && s.find('/') == std::string::npos)
    return "a literal value under a credential key";
  return "";
}

std::string credential_at(const std::string& dotted_path, const std::string& value) {
  // The path's segments, array indexes dropped: "a.credentials.pass" ->
  // key "pass", below a credential map.
  std::vector<std::string> keys;
  std::string segment;
  bool in_index = false;
  for (char c : dotted_path) {
    if (c == '[') in_index = true;
    if (!in_index && c != '.') segment += c;
    if (c == ']') in_index = false;
    if (c == '.' && !segment.empty()) keys.push_back(std::exchange(segment, {}));
  }
  if (!segment.empty()) keys.push_back(segment);
  if (keys.empty()) return credential_at(dotted_path, "", false, value);
  bool in_credentials =
      std::any_of(keys.begin(), keys.end() - 1, [](const std::string& k) { return is_credential_map_key(k); });
  return credential_at(dotted_path, keys.back(), in_credentials, value);
}

namespace {

// `in_credentials`: a key above this value's own holds a credential map.
void walk(const boost::json::value& v, const std::string& path, const std::string& key, bool in_credentials,
          const std::string& file, Diagnostics& diags) {
  if (v.is_object()) {
    bool children_in_credentials = in_credentials || is_credential_map_key(key);
    for (const auto& [k, child] : v.as_object()) {
      // Secret references name where a secret lives (a store key, a variable),
      // never the secret: those names are meant to be in the output.
      if (k == "reference" || k == "secret_ref" || k == "env_var") continue;
      walk(child, join_path(path, std::string(k)), std::string(k), children_in_credentials, file, diags);
    }
    return;
  }
  if (v.is_array()) {
    for (std::size_t i = 0; i < v.as_array().size(); ++i)
      walk(v.as_array()[i], index_path(path, i), key, in_credentials, file, diags);
    return;
  }
  if (!v.is_string()) return;
  std::string kind = credential_at(path, key, in_credentials, std::string(v.as_string()));
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
  walk(output, "", "", false, file, diags);
}

}  // namespace floe
