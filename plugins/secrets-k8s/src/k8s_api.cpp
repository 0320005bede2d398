#include "k8s_api.hpp"

#include <boost/json.hpp>

#include <chrono>
#include <fstream>
#include <sstream>

#include "floe/plugin.hpp"
#include "base/http_exchange.hpp"
#include "base/input_file.hpp"

namespace floe::secrets_k8s {

namespace json = boost::json;
using floe::sdk::error;

namespace {

std::string decode_base64(const std::string& in, const std::string& what) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  int bits = 0, buffer = 0;
  for (char c : in) {
    if (c == '=') break;
    int v = value(c);
    if (v < 0) throw error(FLOE_ERR_PLUGIN_FAILED, what + ": the API answered data that is not base64");
    buffer = (buffer << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  return out;
}

std::string read_small_file(const std::string& path) {
  auto text = read_input_file(path, InputRules{input_limits::kKeyFile});
  if (!text) return {};
  std::string s = std::move(text).value();
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

K8sApi::K8sApi(K8sApiConfig config) : config_(std::move(config)) {
  while (!config_.api_server.empty() && config_.api_server.back() == '/') config_.api_server.pop_back();
  if (config_.namespace_name.empty()) {
    // In a pod, the service account's own namespace.
    config_.namespace_name = read_small_file("/var/run/secrets/kubernetes.io/serviceaccount/namespace");
    if (config_.namespace_name.empty()) config_.namespace_name = "default";
  }
}

std::string K8sApi::get(const std::string& path, const std::string& what) const {
  std::string token = read_small_file(config_.token_file);
  if (token.empty())
    throw error(FLOE_ERR_UNAUTHORIZED, what + ": no service account token at " + config_.token_file +
                                           " (run in a pod with a service account, or set token_file)");
  std::string ca = config_.api_server.rfind("https://", 0) == 0 && std::ifstream(config_.ca_file) ? config_.ca_file : "";
  auto reply = base::exchange("GET", config_.api_server + path, {"Authorization: Bearer " + token, "Accept: application/json"},
                                        "", std::chrono::milliseconds(config_.timeout_ms), ca);
  std::string where = " (namespace '" + config_.namespace_name + "', " + config_.api_server + ")";
  if (!reply.answered)
    throw error(reply.timed_out ? FLOE_ERR_TIMEOUT : FLOE_ERR_UNAVAILABLE, what + where + ": " + reply.problem);
  if (reply.status == 404) throw error(FLOE_ERR_NOT_FOUND, what + where + ": no such Secret");
  if (reply.status == 401 || reply.status == 403)
    throw error(FLOE_ERR_UNAUTHORIZED, what + where + ": the API refused the service account (HTTP " +
                                           std::to_string(reply.status) + "): it needs a Role that may get it");
  if (reply.status != 200) throw error(FLOE_ERR_UNAVAILABLE, what + where + ": the API answered HTTP " + std::to_string(reply.status));
  return reply.body;
}

std::map<std::string, std::string> K8sApi::read(const std::string& secret) const {
  std::string what = "the Secret '" + secret + "'";
  boost::system::error_code ec;
  json::value doc = json::parse(get("/api/v1/namespaces/" + config_.namespace_name + "/secrets/" + secret, what), ec);
  if (ec || !doc.is_object()) throw error(FLOE_ERR_PLUGIN_FAILED, what + ": the API's answer is not a JSON object");
  std::map<std::string, std::string> out;
  if (const json::value* data = doc.as_object().if_contains("data"); data != nullptr && data->is_object())
    for (const auto& [k, v] : data->as_object())
      if (v.is_string()) out[std::string(k)] = decode_base64(std::string(v.as_string()), what);
  return out;
}

std::vector<std::string> K8sApi::list(const std::string& prefix) const {
  boost::system::error_code ec;
  json::value doc = json::parse(get("/api/v1/namespaces/" + config_.namespace_name + "/secrets", "the list of Secrets"), ec);
  if (ec || !doc.is_object()) throw error(FLOE_ERR_PLUGIN_FAILED, "the list of Secrets: the API's answer is not a JSON object");
  std::vector<std::string> out;
  if (const json::value* items = doc.as_object().if_contains("items"); items != nullptr && items->is_array())
    for (const auto& item : items->as_array()) {
      const json::value* name = item.is_object() ? item.as_object().if_contains("metadata") : nullptr;
      if (name == nullptr || !name->is_object() || !name->as_object().contains("name")) continue;
      const json::value& n = name->as_object().at("name");
      if (n.is_string() && std::string(n.as_string()).rfind(prefix, 0) == 0) out.emplace_back(n.as_string());
    }
  return out;
}

}  // namespace floe::secrets_k8s
