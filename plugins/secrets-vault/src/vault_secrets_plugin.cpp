// The "vault" secrets plugin: HashiCorp Vault or OpenBao, KV version 2, over
// HTTP (vault_client.hpp). get_secret answers one field of a secret,
// get_multi_key_secret all of them, list_secrets the paths under a prefix.
// Storing secrets is left to Vault's own tools (set_secret is not offered):
// floe only reads what a platform team put there.
#include <chrono>
#include <memory>
#include <set>

#include "floe/plugin.hpp"
#include "vault_client.hpp"
#include "vault_config.hpp"

namespace floe::secrets_vault {
namespace {

void refuse_unknown(const boost::json::object& o, std::set<std::string> keys, const char* what) {
  for (const auto& [k, v] : o)
    if (!keys.count(std::string(k)))
      throw floe::sdk::error(FLOE_ERR_INVALID_ARGUMENT, "unknown key '" + std::string(k) + "' in the " + what);
}

class vault_secrets {
 public:
  static constexpr const char* capabilities[] = {"secrets:vault", "secrets:kv-v2", nullptr};
  static constexpr floe_plugin_descriptor descriptor = {
      sizeof(floe_plugin_descriptor), FLOE_ABI_VERSION, FLOE_CATEGORY_SECRETS, 0, "vault", "0.1.0",
      "Secrets from HashiCorp Vault or OpenBao (KV version 2; token or AppRole auth)", capabilities, nullptr,
      kVaultConfigSchema,
  };

  vault_secrets(const boost::json::object& config, floe::sdk::host& host)
      : client_(std::make_unique<VaultClient>(parse_vault_config(config), host)) {}

  boost::json::value get_secret(const boost::json::value& request) {
    const auto& o = floe::sdk::as_object(request, "get_secret request");
    refuse_unknown(o, {"key"}, "get_secret request");
    std::string key = floe::sdk::required_string(o, "key");
    SecretLocation at = locate(key, mount());
    auto fields = client_->read(at.path, key);
    auto it = fields.find(at.field);
    if (it == fields.end())
      throw floe::sdk::error(FLOE_ERR_NOT_FOUND, "secret '" + key + "': " + mount() + "/data/" + at.path +
                                                     " has no field '" + at.field + "'");
    return boost::json::object{{"value", it->second}};
  }

  boost::json::value get_multi_key_secret(const boost::json::value& request) {
    const auto& o = floe::sdk::as_object(request, "get_multi_key_secret request");
    refuse_unknown(o, {"name"}, "get_multi_key_secret request");
    std::string name = floe::sdk::required_string(o, "name");
    SecretLocation at = locate(name + "#value", mount());
    boost::json::object values;
    for (auto& [k, v] : client_->read(at.path, name)) values[k] = v;
    return boost::json::object{{"values", std::move(values)}};
  }

  boost::json::value list_secrets(const boost::json::value& request) {
    const auto& o = floe::sdk::as_object(request, "list_secrets request");
    refuse_unknown(o, {"prefix"}, "list_secrets request");
    boost::json::array keys;
    for (auto& k : client_->list(floe::sdk::optional_string(o, "prefix").value_or(""))) keys.emplace_back(k);
    return boost::json::object{{"keys", std::move(keys)}};
  }

  boost::json::value health_check(const boost::json::value&) {
    auto start = std::chrono::steady_clock::now();
    boost::json::object answer;
    try {
      answer["message"] = client_->check();
      answer["state"] = "healthy";
    } catch (const floe::sdk::error& e) {
      answer["message"] = e.what();
      answer["state"] = "unhealthy";
    }
    answer["details"] = boost::json::object{
        {"latency_ms", std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count()}};
    return answer;
  }

 private:
  const std::string& mount() const { return client_->config().mount; }
  std::unique_ptr<VaultClient> client_;
};

}  // namespace
}  // namespace floe::secrets_vault

FLOE_PLUGIN(floe::secrets_vault::vault_secrets)
