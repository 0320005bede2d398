// The "infisical" secrets plugin: secrets of an Infisical project's
// environment (Infisical Cloud or self-hosted), read over its REST API
// (infisical_client.hpp) as a machine identity (Universal Auth) or with an
// access token. get_secret answers one secret, get_multi_key_secret every
// secret of a folder, list_secrets the names in a folder (never values),
// set_secret creates or updates one; for floe platform deploy,
// generate_secret_manifests renders the Infisical Operator's InfisicalSecret
// (infisical_manifests.hpp). generate_pod_env_spec is not offered: the
// deployment's workloads read the synced Secret by the names floe gives them.
#include <chrono>
#include <memory>

#include "floe/plugin.hpp"
#include "infisical_client.hpp"
#include "infisical_config.hpp"
#include "infisical_manifests.hpp"
#include "secret_keys.hpp"

namespace floe::secrets_infisical {
namespace {

namespace json = boost::json;
using floe::sdk::error;
using floe::secrets_k8s::only_keys;

class infisical_secrets {
 public:
  static constexpr const char* capabilities[] = {"secrets:infisical", nullptr};
  static constexpr floe_plugin_descriptor descriptor = {
      sizeof(floe_plugin_descriptor),
      FLOE_ABI_VERSION,
      FLOE_CATEGORY_SECRETS,
      0,
      "infisical",
      "0.1.0",
      "Secrets from Infisical (Cloud or self-hosted; a machine identity's Universal Auth or an access token)",
      capabilities,
      nullptr,
      kInfisicalConfigSchema,
  };

  infisical_secrets(const json::object& config, floe::sdk::host& host)
      : client_(std::make_unique<InfisicalClient>(parse_infisical_config(config), host)) {}

  json::value get_secret(const json::value& request) {
    const auto& o = floe::sdk::as_object(request, "get_secret request");
    only_keys(o, {"key"}, "get_secret request");
    std::string key = floe::sdk::required_string(o, "key");
    return json::object{{"value", client_->read(locate(key, secret_path()), key)}};
  }

  json::value get_multi_key_secret(const json::value& request) {
    const auto& o = floe::sdk::as_object(request, "get_multi_key_secret request");
    only_keys(o, {"name"}, "get_multi_key_secret request");
    std::string name = floe::sdk::required_string(o, "name");
    if (!safe_folder(name) || name.empty())
      throw error(FLOE_ERR_INVALID_ARGUMENT,
                  "name '" + name + "': expected a folder without '..', '?', '%' or empty segments");
    json::object values;
    for (auto& [k, v] : client_->read_folder(join_folder(secret_path(), name), "secrets of '" + name + "'"))
      values[k] = v;
    return json::object{{"values", std::move(values)}};
  }

  // A prefix names a folder ("teams/finance/") and, after its last '/', the
  // start of the names listed ("teams/finance/DB_"). Keys come back in the
  // shape get_secret takes.
  json::value list_secrets(const json::value& request) {
    const auto& o = floe::sdk::as_object(request, "list_secrets request");
    only_keys(o, {"prefix"}, "list_secrets request");
    std::string prefix = floe::sdk::optional_string(o, "prefix").value_or("");
    auto slash = prefix.rfind('/');
    std::string folder = slash == std::string::npos ? "" : prefix.substr(0, slash + 1);
    std::string start = prefix.substr(folder.size());
    if (!safe_folder(folder))
      throw error(FLOE_ERR_INVALID_ARGUMENT,
                  "prefix '" + prefix + "': a folder without '..', '?', '%' or empty segments");
    json::array keys;
    for (auto& name : client_->names(join_folder(secret_path(), folder), "listing '" + prefix + "'"))
      if (name.rfind(start, 0) == 0) keys.emplace_back(folder + name);
    return json::object{{"keys", std::move(keys)}};
  }

  json::value set_secret(const json::value& request) {
    const auto& o = floe::sdk::as_object(request, "set_secret request");
    only_keys(o, {"key", "value", "metadata"}, "set_secret request");
    std::string key = floe::sdk::required_string(o, "key");
    std::string value = floe::sdk::required_string(o, "value");
    client_->write(locate(key, secret_path()), value, key);
    std::fill(value.begin(), value.end(), '\0');
    return json::object{};
  }

  json::value generate_secret_manifests(const json::value& request) {
    const auto& o = floe::sdk::as_object(request, "generate_secret_manifests request");
    only_keys(o, {"namespace", "secret_name", "keys"}, "generate_secret_manifests request");
    std::string ns = floe::sdk::required_string(o, "namespace"), name = floe::sdk::required_string(o, "secret_name");
    if (!secrets_k8s::is_secret_name(ns) || ns.find('.') != std::string::npos || ns.size() > 63)
      throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'namespace': '" + ns + "' is not a Kubernetes namespace name");
    if (!secrets_k8s::is_secret_name(name))
      throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'secret_name': '" + name + "' is not a Kubernetes Secret name");
    const json::value* keys = o.if_contains("keys");
    if (keys == nullptr || !keys->is_object())
      throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'keys': expected an object of references");
    return infisical_manifests(client_->config(), ns, name, keys->as_object());
  }

  json::value health_check(const json::value&) {
    auto start = std::chrono::steady_clock::now();
    json::object answer;
    try {
      answer["message"] = client_->check();
      answer["state"] = "healthy";
    } catch (const error& e) {
      answer["message"] = e.what();
      answer["state"] = "unhealthy";
    }
    answer["details"] = json::object{
        {"latency_ms", std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count()}};
    return answer;
  }

 private:
  const std::string& secret_path() const { return client_->config().secret_path; }
  std::unique_ptr<InfisicalClient> client_;
};

}  // namespace
}  // namespace floe::secrets_infisical

FLOE_PLUGIN(floe::secrets_infisical::infisical_secrets)
