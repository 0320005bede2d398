// The "oidc" identity plugin: tokens presented to floe validated against an
// OpenID Connect provider (oidc_provider.hpp), user claims from a valid one,
// and tokens obtained with the client-credentials grant. Presets (keycloak,
// dex, authentik, okta, auth0) only say where the issuer is.
#include <boost/json.hpp>

#include <ctime>
#include <mutex>

#include "floe/plugin.hpp"
#include "oidc_provider.hpp"

namespace floe::identity_oidc {
namespace {

namespace json = boost::json;
using floe::sdk::error;

constexpr char kOidcConfigSchema[] =
    "{\"type\": \"object\", \"additionalProperties\": false, \"properties\": {"
    "\"preset\": {\"enum\": [\"generic\", \"keycloak\", \"dex\", \"authentik\", \"okta\", \"auth0\"], \"default\": "
    "\"generic\", \"description\": \"Where the provider keeps its issuer under base_url (keycloak: /realms/<realm>, "
    "authentik: /application/o/<application>/, okta: /oauth2/<authorization_server>, auth0: /).\"},"
    "\"issuer\": {\"type\": \"string\", \"pattern\": \"^https?://\", \"description\": \"The issuer URL (wins over "
    "a preset).\"},"
    "\"provider_url\": {\"type\": \"string\", \"pattern\": \"^https?://\", \"description\": \"The issuer, as the "
    "two-tier format's security.authentication.oidc names it.\"},"
    "\"client_id\": {\"type\": \"string\", \"minLength\": 1, \"description\": \"The audience, as the two-tier "
    "format names it.\"},"
    "\"base_url\": {\"type\": \"string\", \"pattern\": \"^https?://\"},"
    "\"realm\": {\"type\": \"string\"}, \"application\": {\"type\": \"string\"}, \"authorization_server\": "
    "{\"type\": \"string\"},"
    "\"audience\": {\"type\": \"string\", \"minLength\": 1, \"description\": \"The client id tokens must be for "
    "(aud).\"},"
    "\"algorithms\": {\"type\": \"array\", \"items\": {\"enum\": [\"RS256\", \"ES256\"]}, \"minItems\": 1, "
    "\"default\": [\"RS256\", \"ES256\"]},"
    "\"clock_skew_seconds\": {\"type\": \"integer\", \"minimum\": 0, \"maximum\": 600, \"default\": 60},"
    "\"jwks_cache_seconds\": {\"type\": \"integer\", \"minimum\": 0, \"maximum\": 86400, \"default\": 300},"
    "\"timeout_seconds\": {\"type\": \"number\", \"minimum\": 0.1, \"maximum\": 60, \"default\": 5}}}";

std::string rfc3339(double seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

const json::object& request_of(const json::value& request, std::initializer_list<const char*> keys, const char* what) {
  const json::object& o = floe::sdk::as_object(request, what);
  for (const auto& [k, v] : o) {
    bool known = false;
    for (const char* key : keys) known = known || k == key;
    if (!known) throw error(FLOE_ERR_INVALID_ARGUMENT, "unknown key '" + std::string(k) + "' in the " + what);
  }
  return o;
}

class oidc_identity {
 public:
  static constexpr const char* capabilities[] = {"oidc", "jwt:RS256", "jwt:ES256", "service:oidc-provider", nullptr};
  static constexpr floe_plugin_descriptor descriptor = {
      sizeof(floe_plugin_descriptor), FLOE_ABI_VERSION, FLOE_CATEGORY_IDENTITY, 0, "oidc", "0.1.0",
      "OpenID Connect: JWT validation against the issuer's JWKS (Keycloak, Dex, Authentik, Okta, Auth0)", capabilities,
      nullptr, kOidcConfigSchema,
  };

  oidc_identity(const json::object& config, floe::sdk::host& host)
      : provider_(provider_config(config), &http_get), host_(host) {}

  json::value validate_token(const json::value& request) {
    const auto& o = request_of(request, {"token"}, "validate_token request");
    Validation v = check(floe::sdk::required_string(o, "token"));
    if (!v.valid) return json::object{{"valid", false}, {"error", v.error}};
    json::object out{{"valid", true}, {"subject", v.claims.contains("sub") ? v.claims.at("sub") : json::value("")}};
    if (const json::value* exp = v.claims.if_contains("exp"); exp && exp->is_number())
      out["expires_at"] = rfc3339(exp->to_number<double>());
    return out;
  }

  json::value get_user_info(const json::value& request) {
    const auto& o = request_of(request, {"token"}, "get_user_info request");
    Validation v = check(floe::sdk::required_string(o, "token"));
    if (!v.valid) throw error(FLOE_ERR_UNAUTHORIZED, "the token is not valid: " + v.error);
    json::array groups;
    if (const json::value* g = v.claims.if_contains("groups"); g && g->is_array()) groups = g->as_array();
    // Keycloak's realm roles, where it puts them.
    if (const json::value* ra = v.claims.if_contains("realm_access"); ra && ra->is_object())
      if (const json::value* roles = ra->as_object().if_contains("roles"); roles && roles->is_array())
        for (const auto& r : roles->as_array()) groups.push_back(r);
    json::object out{{"subject", v.claims.contains("sub") ? v.claims.at("sub") : json::value("")},
                     {"groups", std::move(groups)}};
    for (const char* key : {"email", "name"})
      if (const json::value* x = v.claims.if_contains(key); x && x->is_string()) out[key] = *x;
    return out;
  }

  // The client-credentials grant: {"client_id", "client_secret": secret_ref, "scope"?}.
  json::value authenticate(const json::value& request) {
    const auto& o = request_of(request, {"credentials"}, "authenticate request");
    const json::value* cred = o.if_contains("credentials");
    if (cred == nullptr || !cred->is_object()) throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'credentials': expected an object");
    const json::object& c = cred->as_object();
    for (const auto& [k, v] : c)
      if (k != "client_id" && k != "client_secret" && k != "scope")
        throw error(FLOE_ERR_INVALID_ARGUMENT, "unknown key 'credentials." + std::string(k) + "'");
    std::string client = floe::sdk::required_string(c, "client_id");
    std::string ref = floe::sdk::required_string(c, "client_secret");
    auto secret = host_.secret(ref);
    if (!secret) throw error(FLOE_ERR_UNAUTHORIZED, "credentials.client_secret (" + ref + ") is not set");
    std::string token_url;
    {
      std::lock_guard lock(mutex_);
      const json::object& d = provider_.discovery();
      token_url = d.contains("token_endpoint") && d.at("token_endpoint").is_string() ? std::string(d.at("token_endpoint").as_string()) : "";
    }
    if (token_url.empty()) throw error(FLOE_ERR_UNAVAILABLE, "the provider names no token_endpoint");
    std::string form = "grant_type=client_credentials&client_id=" + escape(client) + "&client_secret=" + escape(*secret);
    if (auto scope = floe::sdk::optional_string(c, "scope")) form += "&scope=" + escape(*scope);
    long status = 0;
    std::string body = http_post_form(token_url, form, provider_.config().timeout_seconds, status);
    boost::system::error_code ec;
    json::value answer = json::parse(body, ec);
    if (status != 200 || ec || !answer.is_object() || !answer.as_object().contains("access_token"))
      throw error(status == 400 || status == 401 ? FLOE_ERR_UNAUTHORIZED : FLOE_ERR_UNAVAILABLE,
                  "the token endpoint refused client '" + client + "' (HTTP " + std::to_string(status) + ")");
    return json::object{{"token", answer.at("access_token")}};
  }

  json::value get_oidc_config(const json::value& request) {
    request_of(request, {"realm"}, "get_oidc_config request");
    std::lock_guard lock(mutex_);
    const json::object& d = provider_.discovery();
    json::object out;
    for (const char* key : {"issuer", "authorization_endpoint", "token_endpoint", "jwks_uri"})
      out[key] = d.contains(key) ? d.at(key) : json::value("");
    return out;
  }

 private:
  Validation check(const std::string& token) {
    std::lock_guard lock(mutex_);  // the JWKS cache is the instance's
    return provider_.validate(token, std::chrono::system_clock::now());
  }

  static std::string escape(const std::string& s) {
    std::string out;
    for (unsigned char c : s) {
      if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
      else {
        static const char* hex = "0123456789ABCDEF";
        out += '%';
        out += hex[c >> 4];
        out += hex[c & 15];
      }
    }
    return out;
  }

  OidcProvider provider_;
  floe::sdk::host& host_;
  std::mutex mutex_;
};

}  // namespace
}  // namespace floe::identity_oidc

FLOE_PLUGIN(floe::identity_oidc::oidc_identity)
