#include "oidc_provider.hpp"

#include <boost/json.hpp>

#include <algorithm>

#include "base/http_exchange.hpp"
#include "floe/plugin.hpp"
#include "jwk.hpp"
#include "jwt.hpp"

namespace floe::identity_oidc {
namespace json = boost::json;
using floe::sdk::error;

namespace {

std::string str(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::string trim_slash(std::string s) {
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

bool loopback(const std::string& url) {
  for (const char* p : {"http://127.0.0.1", "http://localhost", "http://[::1]"})
    if (url.rfind(p, 0) == 0) return true;
  return false;
}

std::optional<double> number(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_number() ? std::optional<double>(v->to_number<double>()) : std::nullopt;
}

std::string perform(const std::string& url, const std::string* form, double timeout_seconds, long& status) {
  if (url.rfind("https://", 0) != 0 && !loopback(url))
    throw error(FLOE_ERR_INVALID_CONFIG, url + ": the provider must be reached over https (plain http only on the loopback)");
  base::HttpCall call;
  call.url = url;
  if (form != nullptr) {
    call.method = "POST";
    call.headers.push_back("Content-Type: application/x-www-form-urlencoded");
    call.body = *form;
  }
  call.timeout = std::chrono::milliseconds(static_cast<long>(timeout_seconds * 1000));
  call.connect_timeout = call.timeout;
  call.max_body = std::size_t{4} << 20;  // discovery and JWKS documents are small
  base::HttpReply reply = base::exchange(call);
  if (!reply.answered)
    throw error(reply.timed_out ? FLOE_ERR_TIMEOUT : FLOE_ERR_UNAVAILABLE, url + " could not be reached: " + reply.problem);
  status = reply.status;
  return std::move(reply.body);
}

}  // namespace

std::string http_get(const std::string& url, double timeout_seconds) {
  long status = 0;
  std::string body = perform(url, nullptr, timeout_seconds, status);
  if (status != 200) throw error(FLOE_ERR_UNAVAILABLE, url + " answered HTTP " + std::to_string(status));
  return body;
}

std::string http_post_form(const std::string& url, const std::string& form, double timeout_seconds, long& status) {
  return perform(url, &form, timeout_seconds, status);
}

ProviderConfig provider_config(const json::object& config) {
  ProviderConfig c;
  std::string preset = str(config, "preset");
  c.issuer = str(config, "issuer");
  if (c.issuer.empty()) c.issuer = str(config, "provider_url");  // the two-tier format's name
  if (c.issuer.empty()) {
    auto need = [&](const char* key) {
      std::string v = str(config, key);
      if (v.empty()) throw error(FLOE_ERR_INVALID_CONFIG, "key '" + std::string(key) + "': preset '" + preset + "' needs it");
      return v;
    };
    // Where each provider puts its issuer under its base URL.
    std::string server = str(config, "authorization_server");
    if (preset != "keycloak" && preset != "authentik" && preset != "okta" && preset != "auth0")
      throw error(FLOE_ERR_INVALID_CONFIG, "key 'issuer': required (or a preset with its base_url)");
    std::string base = trim_slash(need("base_url"));
    if (preset == "keycloak") c.issuer = base + "/realms/" + need("realm");
    else if (preset == "authentik") c.issuer = base + "/application/o/" + need("application") + "/";
    else if (preset == "okta") c.issuer = base + "/oauth2/" + (server.empty() ? "default" : server);
    else c.issuer = base + "/";
  }
  c.audience = str(config, "audience");
  if (c.audience.empty()) c.audience = str(config, "client_id");  // the two-tier format's name
  if (c.audience.empty())
    throw error(FLOE_ERR_INVALID_CONFIG, "key 'audience' (or client_id): required (the client id tokens are for)");
  if (const json::value* a = config.if_contains("algorithms"); a != nullptr && a->is_array()) {
    c.algorithms.clear();
    for (const auto& x : a->as_array())
      if (x.is_string()) c.algorithms.emplace_back(x.as_string());
  }
  if (auto s = number(config, "clock_skew_seconds")) c.clock_skew = std::chrono::seconds(static_cast<long>(*s));
  if (auto s = number(config, "jwks_cache_seconds")) c.jwks_cache = std::chrono::seconds(static_cast<long>(*s));
  if (auto s = number(config, "timeout_seconds")) c.timeout_seconds = *s;
  return c;
}

OidcProvider::OidcProvider(ProviderConfig config, Fetch fetch) : config_(std::move(config)), fetch_(std::move(fetch)) {}

const json::object& OidcProvider::discovery() {
  if (!discovery_.empty()) return discovery_;
  std::string url = trim_slash(config_.issuer) + "/.well-known/openid-configuration";
  boost::system::error_code ec;
  json::value doc = json::parse(fetch_(url, config_.timeout_seconds), ec);
  if (ec || !doc.is_object()) throw error(FLOE_ERR_UNAVAILABLE, url + " is not an OpenID discovery document");
  // The document must be the issuer's own (OpenID Connect Discovery 4.3).
  if (trim_slash(str(doc.as_object(), "issuer")) != trim_slash(config_.issuer))
    throw error(FLOE_ERR_UNAVAILABLE, url + " names another issuer: '" + str(doc.as_object(), "issuer") + "'");
  if (str(doc.as_object(), "jwks_uri").empty()) throw error(FLOE_ERR_UNAVAILABLE, url + " names no jwks_uri");
  discovery_ = std::move(doc.as_object());
  return discovery_;
}

const json::object* OidcProvider::key_for(const std::string& kid, bool refresh) {
  auto now = std::chrono::steady_clock::now();
  if (jwks_.empty() || refresh || now - jwks_at_ > config_.jwks_cache) {
    boost::system::error_code ec;
    std::string url = str(discovery(), "jwks_uri");
    json::value doc = json::parse(fetch_(url, config_.timeout_seconds), ec);
    if (ec || !doc.is_object() || !doc.as_object().contains("keys"))
      throw error(FLOE_ERR_UNAVAILABLE, url + " is not a JWKS document");
    jwks_ = std::move(doc.as_object());
    jwks_at_ = now;
  }
  const json::value& keys = jwks_.at("keys");
  if (!keys.is_array()) return nullptr;
  for (const auto& k : keys.as_array())
    if (k.is_object() && str(k.as_object(), "kid") == kid && str(k.as_object(), "use") != "enc") return &k.as_object();
  return nullptr;
}

Validation OidcProvider::validate(const std::string& token, std::chrono::system_clock::time_point now) {
  Validation v;
  auto jwt = parse_jwt(token, v.error);
  if (!jwt) return v;
  std::string alg = str(jwt->header, "alg");
  if (std::find(config_.algorithms.begin(), config_.algorithms.end(), alg) == config_.algorithms.end()) {
    v.error = "algorithm '" + alg + "' is not accepted (accepted: RS256, ES256 as configured)";
    return v;
  }
  std::string kid = str(jwt->header, "kid");
  const json::object* key = key_for(kid, false);
  if (key == nullptr) key = key_for(kid, true);  // the issuer may have rotated its keys
  if (key == nullptr) {
    v.error = "no key '" + kid + "' in the issuer's JWKS";
    return v;
  }
  if (!verify_signature(*key, alg, jwt->signing_input, jwt->signature, v.error)) return v;
  const json::object& c = jwt->claims;
  if (trim_slash(str(c, "iss")) != trim_slash(config_.issuer)) {
    v.error = "issued by '" + str(c, "iss") + "', not " + config_.issuer;
    return v;
  }
  bool audience = str(c, "aud") == config_.audience;
  if (const json::value* aud = c.if_contains("aud"); aud != nullptr && aud->is_array())
    for (const auto& a : aud->as_array()) audience = audience || (a.is_string() && a.as_string() == config_.audience);
  if (!audience) {
    v.error = "not for audience '" + config_.audience + "'";
    return v;
  }
  double t = std::chrono::duration<double>(now.time_since_epoch()).count();
  double skew = static_cast<double>(config_.clock_skew.count());
  auto exp = number(c, "exp");
  if (!exp || t > *exp + skew) {
    v.error = exp ? "expired" : "no exp claim";
    return v;
  }
  if (auto nbf = number(c, "nbf"); nbf && t + skew < *nbf) {
    v.error = "not valid yet (nbf)";
    return v;
  }
  if (auto iat = number(c, "iat"); iat && t + skew < *iat) {
    v.error = "issued in the future (iat)";
    return v;
  }
  v.valid = true;
  v.claims = c;
  return v;
}

}  // namespace floe::identity_oidc
