#include "vault_client.hpp"

#include "base/http_exchange.hpp"

namespace floe::secrets_vault {
namespace {

using floe::sdk::error;
namespace json = boost::json;

// Vault's {"errors": [...]} as one line (they describe the refusal, never a value).
std::string errors_of(const std::string& body) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  std::string out;
  if (!ec && v.is_object())
    if (const auto* errors = v.get_object().if_contains("errors"); errors != nullptr && errors->is_array())
      for (const auto& e : errors->get_array())
        if (e.is_string()) out += (out.empty() ? "" : "; ") + std::string(e.get_string());
  if (out.size() > 300) out = out.substr(0, 300) + "...";
  return out.empty() ? "" : ": " + out;
}

bool safe_segment(const std::string& path) {
  if (path.empty() || path.front() == '/' || path.back() == '/') return false;
  for (char c : path)
    if (static_cast<unsigned char>(c) < 0x21 || c == '?' || c == '#' || c == '%' || c == '\\') return false;
  return path.find("..") == std::string::npos && path.find("//") == std::string::npos;
}

}  // namespace

SecretLocation locate(const std::string& key, const std::string& mount) {
  SecretLocation at;
  if (auto hash = key.find('#'); hash != std::string::npos) {
    at.path = key.substr(0, hash);
    at.field = key.substr(hash + 1);
    std::string api = mount + "/data/";
    auto slash = at.path.find('/');
    if (at.path.rfind(api, 0) == 0) {
      at.path = at.path.substr(api.size());
    } else if (slash != std::string::npos && at.path.compare(slash, 6, "/data/") == 0) {
      // An API path of another mount would otherwise be read, wrongly, under this one.
      throw error(FLOE_ERR_INVALID_ARGUMENT, "secret '" + key + "': the path names the KV mount '" +
                                                 at.path.substr(0, slash) + "', the plugin reads '" + mount +
                                                 "' (plugins.secrets.config.mount)");
    }
  } else if (auto slash = key.rfind('/'); slash != std::string::npos) {
    at.path = key.substr(0, slash);
    at.field = key.substr(slash + 1);
  } else {
    at.path = key;
    at.field = "value";
  }
  if (!safe_segment(at.path) || at.field.empty())
    throw error(FLOE_ERR_INVALID_ARGUMENT, "secret '" + key +
                                               "': expected PATH#FIELD, PATH/FIELD or NAME, a path without '..', '?', '%' "
                                               "or empty segments");
  return at;
}

std::string VaultClient::login() {
  auto role_id = host_.secret(config_.role_id_reference);
  auto secret_id = host_.secret(config_.secret_id_reference);
  if (!role_id || !secret_id)
    throw error(FLOE_ERR_UNAUTHORIZED, "cannot log in to Vault with AppRole: " +
                                           (role_id ? config_.secret_id_reference : config_.role_id_reference) +
                                           " is not set");
  std::string body = json::serialize(json::object{{"role_id", *role_id}, {"secret_id", *secret_id}});
  json::value reply = call("POST", "auth/" + config_.approle_mount + "/login", body,
                           "AppRole login with " + config_.role_id_reference, nullptr);
  const auto* auth = reply.is_object() ? reply.get_object().if_contains("auth") : nullptr;
  const auto* token = auth && auth->is_object() ? auth->get_object().if_contains("client_token") : nullptr;
  if (token == nullptr || !token->is_string())
    throw error(FLOE_ERR_PLUGIN_FAILED, "Vault at " + config_.address + " answered the AppRole login without auth.client_token");
  return std::string(token->get_string());
}

std::string VaultClient::token() {
  if (!config_.approle) {
    auto t = host_.secret(config_.token_reference);
    if (!t || t->empty()) throw error(FLOE_ERR_UNAUTHORIZED, "no Vault token: " + config_.token_reference + " is not set");
    return *t;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  if (approle_token_.empty()) approle_token_ = login();
  return approle_token_;
}

json::value VaultClient::call(const std::string& method, const std::string& api_path, const std::string& body,
                              const std::string& what, bool* not_found) {
  // Only the login itself goes without a token.
  bool logging_in = api_path.size() > 6 && api_path.compare(api_path.size() - 6, 6, "/login") == 0;
  for (int attempt = 0;; ++attempt) {
    std::vector<std::string> headers;
    if (!logging_in) headers.push_back("X-Vault-Token: " + token());
    if (!config_.namespace_.empty()) headers.push_back("X-Vault-Namespace: " + config_.namespace_);
    base::HttpReply r = base::exchange(method, config_.address + "/v1/" + api_path, headers, body, config_.timeout);
    if (!r.answered)
      throw error(r.timed_out ? FLOE_ERR_TIMEOUT : FLOE_ERR_UNAVAILABLE, what + ": Vault at " + config_.address + " could not be reached (" + r.problem + ")");
    if (r.status == 404 && not_found != nullptr) {
      *not_found = true;
      return nullptr;
    }
    if ((r.status == 401 || r.status == 403) && config_.approle && !logging_in && attempt == 0) {
      std::lock_guard<std::mutex> lock(mutex_);
      approle_token_.clear();  // expired: log in again, once
      continue;
    }
    // A login Vault refuses is 400 ("invalid role or secret ID"), not 403.
    if (r.status == 401 || r.status == 403 || (logging_in && r.status == 400))
      throw error(FLOE_ERR_UNAUTHORIZED,
                  what + ": Vault at " + config_.address + " refused the credentials from " +
                      (logging_in || config_.approle ? config_.role_id_reference : config_.token_reference) + " (HTTP " +
                      std::to_string(r.status) + errors_of(r.body) + ")");
    if (r.status < 200 || r.status >= 300)
      throw error(r.status == 404 ? FLOE_ERR_NOT_FOUND : FLOE_ERR_UNAVAILABLE,
                  what + ": Vault at " + config_.address + " answered HTTP " + std::to_string(r.status) + errors_of(r.body));
    boost::system::error_code ec;
    json::value v = json::parse(r.body, ec);
    if (ec) throw error(FLOE_ERR_PLUGIN_FAILED, what + ": Vault at " + config_.address + " answered something other than JSON");
    return v;
  }
}

std::map<std::string, std::string> VaultClient::read(const std::string& path, const std::string& key) {
  bool missing = false;
  std::string where = config_.mount + "/data/" + path;
  json::value v = call("GET", where, "", "secret '" + key + "'", &missing);
  const json::value* data = nullptr;
  if (!missing && v.is_object())
    if (const auto* outer = v.get_object().if_contains("data"); outer && outer->is_object())
      data = outer->get_object().if_contains("data");
  // A deleted (soft-deleted) version answers 404 with data.data null.
  if (missing || data == nullptr || !data->is_object())
    throw error(FLOE_ERR_NOT_FOUND, "secret '" + key + "': Vault at " + config_.address + " has no " + where);
  std::map<std::string, std::string> fields;
  for (const auto& [k, value] : data->get_object())
    fields[std::string(k)] = value.is_string() ? std::string(value.get_string()) : json::serialize(value);
  return fields;
}

std::string VaultClient::check() {
  call("GET", "auth/token/lookup-self", "", "checking the token", nullptr);
  return "Vault at " + config_.address + " accepts the token from " +
         (config_.approle ? "an AppRole login with " + config_.role_id_reference : config_.token_reference);
}

std::vector<std::string> VaultClient::list(const std::string& prefix) {
  std::string dir = prefix;
  while (!dir.empty() && dir.back() == '/') dir.pop_back();
  if (!dir.empty() && !safe_segment(dir))
    throw error(FLOE_ERR_INVALID_ARGUMENT, "prefix '" + prefix + "': a path without '..', '?', '%' or empty segments");
  bool missing = false;
  json::value v = call("LIST", config_.mount + "/metadata/" + dir, "", "listing '" + prefix + "'", &missing);
  std::vector<std::string> keys;
  if (missing || !v.is_object()) return keys;
  const auto* data = v.get_object().if_contains("data");
  const auto* k = data && data->is_object() ? data->get_object().if_contains("keys") : nullptr;
  if (k != nullptr && k->is_array())
    for (const auto& e : k->get_array())
      if (e.is_string()) keys.push_back((dir.empty() ? "" : dir + "/") + std::string(e.get_string()));
  return keys;
}

}  // namespace floe::secrets_vault
