#include "infisical_client.hpp"

#include <algorithm>
#include <cctype>

#include "base/http_exchange.hpp"

namespace floe::secrets_infisical {
namespace {

using floe::sdk::error;
namespace json = boost::json;

constexpr char kLoginPath[] = "/api/v1/auth/universal-auth/login";

std::string encode(const std::string& text) {
  static const char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// Infisical's {"statusCode", "message", "error"} as one short line: the
// refusal in the server's words (never a value: it does not echo them).
std::string message_of(const std::string& body) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  std::string out;
  if (!ec && v.is_object())
    if (const auto* m = v.get_object().if_contains("message"); m != nullptr && m->is_string()) out = m->get_string();
  if (out.size() > 300) out = out.substr(0, 300) + "...";
  return out.empty() ? "" : ": " + out;
}

const json::object* member_object(const json::value& v, const char* key) {
  const auto* m = v.is_object() ? v.get_object().if_contains(key) : nullptr;
  return m != nullptr && m->is_object() ? &m->get_object() : nullptr;
}

const json::array* member_array(const json::value& v, const char* key) {
  const auto* m = v.is_object() ? v.get_object().if_contains(key) : nullptr;
  return m != nullptr && m->is_array() ? &m->get_array() : nullptr;
}

std::string text_of(const json::object& o, const char* key) {
  const auto* m = o.if_contains(key);
  return m != nullptr && m->is_string() ? std::string(m->get_string()) : std::string();
}

// A value the identity may list but not read comes back hidden.
bool hidden(const json::object& secret) {
  const auto* h = secret.if_contains("secretValueHidden");
  return h != nullptr && h->is_bool() && h->get_bool();
}

// Zeroes a buffer that held a credential or a value when it goes out of scope.
struct Wiped {
  std::string& text;
  ~Wiped() { std::fill(text.begin(), text.end(), '\0'); }
};

}  // namespace

std::string InfisicalClient::scope_query(const std::string& folder) const {
  return "projectId=" + encode(config_.project_id) + "&environment=" + encode(config_.environment) +
         "&secretPath=" + encode(folder);
}

void InfisicalClient::login() {
  auto secret = host_.secret(config_.client_secret_reference);
  if (!secret || secret->empty())
    throw error(FLOE_ERR_UNAUTHORIZED,
                "cannot log in to Infisical with Universal Auth: " + config_.client_secret_reference + " is not set");
  std::string body = json::serialize(json::object{{"clientId", config_.client_id}, {"clientSecret", *secret}});
  std::fill(secret->begin(), secret->end(), '\0');
  Wiped wiped{body};
  json::value reply = call("POST", kLoginPath, body, "Universal Auth login of client " + config_.client_id, nullptr);
  std::string token = reply.is_object() ? text_of(reply.get_object(), "accessToken") : "";
  if (token.empty())
    throw error(FLOE_ERR_PLUGIN_FAILED,
                "Infisical at " + config_.site_url + " answered the Universal Auth login without accessToken");
  // expiresIn is the token's lifetime in seconds (0: no limit). Renew a
  // little early, so a token does not expire between the check and its use.
  double lifetime = 0;
  if (const auto* e = reply.get_object().if_contains("expiresIn"); e != nullptr && e->is_number())
    lifetime = e->to_number<double>();
  auto now = std::chrono::steady_clock::now();
  renew_at_ =
      lifetime > 0
          ? now + std::chrono::milliseconds(static_cast<long long>(lifetime * 1000 - std::min(lifetime * 100, 60000.0)))
          : std::chrono::steady_clock::time_point::max();
  access_token_ = std::move(token);
}

std::string InfisicalClient::access_token() {
  if (!config_.universal_auth()) {
    auto token = host_.secret(config_.token_reference);
    if (!token || token->empty())
      throw error(FLOE_ERR_UNAUTHORIZED, "no Infisical access token: " + config_.token_reference + " is not set");
    return *token;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  if (access_token_.empty() || std::chrono::steady_clock::now() >= renew_at_) login();
  return access_token_;
}

json::value InfisicalClient::call(const std::string& method, const std::string& api_path, const std::string& body,
                                  const std::string& what, bool* not_found) {
  bool logging_in = api_path == kLoginPath;
  for (int attempt = 0;; ++attempt) {
    std::vector<std::string> headers{"Accept: application/json"};
    if (!logging_in) headers.push_back("Authorization: Bearer " + access_token());
    base::HttpReply r =
        base::exchange(method, config_.site_url + api_path, headers, body, config_.timeout);
    if (!r.answered)
      throw error(r.timed_out ? FLOE_ERR_TIMEOUT : FLOE_ERR_UNAVAILABLE,
                  what + ": Infisical at " + config_.site_url + " could not be reached (" + r.problem + ")");
    if (r.status == 404 && not_found != nullptr) {
      *not_found = true;
      return nullptr;
    }
    if (r.status == 401 && config_.universal_auth() && !logging_in && attempt == 0) {
      std::lock_guard<std::mutex> lock(mutex_);
      access_token_.clear();  // expired or revoked before its time: log in again, once
      continue;
    }
    if (r.status == 401 || r.status == 403 || (logging_in && r.status == 400))
      throw error(FLOE_ERR_UNAUTHORIZED, what + ": Infisical at " + config_.site_url +
                                             " refused the credentials from " + config_.credential() + " (HTTP " +
                                             std::to_string(r.status) + message_of(r.body) + ")");
    if (r.status < 200 || r.status >= 300)
      throw error(r.status == 404 ? FLOE_ERR_NOT_FOUND : FLOE_ERR_UNAVAILABLE,
                  what + ": Infisical at " + config_.site_url + " answered HTTP " + std::to_string(r.status) +
                      message_of(r.body));
    boost::system::error_code ec;
    json::value v = json::parse(r.body, ec);
    std::fill(r.body.begin(), r.body.end(), '\0');  // it may hold values
    if (ec)
      throw error(FLOE_ERR_PLUGIN_FAILED,
                  what + ": Infisical at " + config_.site_url + " answered something other than JSON");
    return v;
  }
}

std::string InfisicalClient::read(const SecretLocation& at, const std::string& key) {
  bool missing = false;
  std::string what = "secret '" + key + "'";
  json::value v = call("GET",
                       "/api/v4/secrets/" + encode(at.name) + "?" + scope_query(at.folder) +
                           "&expandSecretReferences=true&include_imports=true",
                       "", what, &missing);
  const json::object* secret = missing ? nullptr : member_object(v, "secret");
  if (secret == nullptr)
    throw error(FLOE_ERR_NOT_FOUND, what + ": Infisical at " + config_.site_url + " has no secret " + at.name +
                                        " in folder " + at.folder + " of environment " + config_.environment);
  if (hidden(*secret))
    throw error(FLOE_ERR_UNAUTHORIZED, what + ": " + config_.credential() + " may not read the value of " + at.name +
                                           " in folder " + at.folder);
  return text_of(*secret, "secretValue");
}

json::value InfisicalClient::list(const std::string& folder, bool values, const std::string& what, bool* not_found) {
  return call("GET",
              "/api/v4/secrets?" + scope_query(folder) +
                  (values ? "&viewSecretValue=true&expandSecretReferences=true&include_imports=true"
                          : "&viewSecretValue=false"),
              "", what, not_found);
}

std::map<std::string, std::string> InfisicalClient::read_folder(const std::string& folder, const std::string& what) {
  bool missing = false;
  json::value v = list(folder, true, what, &missing);
  const json::array* secrets = missing ? nullptr : member_array(v, "secrets");
  std::map<std::string, std::string> out;
  auto take = [&](const json::array& list) {
    for (const auto& s : list) {
      if (!s.is_object() || hidden(s.get_object())) continue;
      out.emplace(text_of(s.get_object(), "secretKey"),
                  text_of(s.get_object(), "secretValue"));  // the folder's own win
    }
  };
  if (secrets != nullptr) take(*secrets);
  if (const json::array* imports = missing ? nullptr : member_array(v, "imports"))
    for (const auto& i : *imports)
      if (const json::array* imported = member_array(i, "secrets")) take(*imported);
  out.erase("");
  // Infisical lists a folder that does not exist as empty: either way there is
  // nothing to answer.
  if (out.empty())
    throw error(FLOE_ERR_NOT_FOUND, what + ": Infisical at " + config_.site_url + " has no secrets in folder " +
                                        folder + " of environment " + config_.environment);
  return out;
}

std::vector<std::string> InfisicalClient::names(const std::string& folder, const std::string& what) {
  bool missing = false;
  json::value v = list(folder, false, what, &missing);
  std::vector<std::string> out;
  if (const json::array* secrets = missing ? nullptr : member_array(v, "secrets"))
    for (const auto& s : *secrets)
      if (s.is_object() && !text_of(s.get_object(), "secretKey").empty())
        out.push_back(text_of(s.get_object(), "secretKey"));
  std::sort(out.begin(), out.end());
  return out;
}

void InfisicalClient::write(const SecretLocation& at, const std::string& value, const std::string& key) {
  std::string body = json::serialize(json::object{{"projectId", config_.project_id},
                                                  {"environment", config_.environment},
                                                  {"secretPath", at.folder},
                                                  {"secretValue", value}});
  std::string what = "storing secret '" + key + "'";
  Wiped wiped{body};
  bool missing = false;
  json::value v = call("PATCH", "/api/v4/secrets/" + encode(at.name), body, what, &missing);
  if (missing) v = call("POST", "/api/v4/secrets/" + encode(at.name), body, what, nullptr);
  if (member_object(v, "approval") != nullptr)
    throw error(FLOE_ERR_CONFLICT, what + ": a change policy of Infisical protects folder " + at.folder +
                                       "; the change waits for approval there and is not stored yet");
}

std::string InfisicalClient::check() {
  bool missing = false;
  json::value v = list(config_.secret_path, false, "checking access", &missing);
  const json::array* secrets = missing ? nullptr : member_array(v, "secrets");
  if (secrets == nullptr)
    throw error(FLOE_ERR_NOT_FOUND, "Infisical at " + config_.site_url + " has no folder " + config_.secret_path +
                                        " in environment " + config_.environment + " of project " + config_.project_id);
  return "Infisical at " + config_.site_url + " lets " + config_.credential() + " list folder " + config_.secret_path +
         " of environment " + config_.environment + " (" + std::to_string(secrets->size()) + " secrets)";
}

}  // namespace floe::secrets_infisical
