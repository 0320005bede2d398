// The "k8s" secrets plugin: the platform's secrets are Kubernetes Secrets.
// floe run asks get_secret for {k8s: {name, key}} ("name/key") and
// {secret_ref: NAME} (the Secret NAME's one key, or its key "value") and reads
// them through the Kubernetes API as the pod's service account. For floe
// platform deploy it renders nothing: a Secret manifest would carry values,
// so its notes say which Secrets, with which keys, to create.
#include <chrono>
#include <memory>

#include "floe/plugin.hpp"
#include "k8s_api.hpp"
#include "secret_keys.hpp"

namespace floe::secrets_k8s {
namespace {

namespace json = boost::json;
using floe::sdk::error;

constexpr char kConfigSchema[] = R"json({"type": "object", "additionalProperties": false, "properties": {
  "api_server": {"type": "string", "default": "https://kubernetes.default.svc", "description": "The Kubernetes API server."},
  "namespace": {"type": "string", "description": "Where the Secrets are; default: the pod's own namespace (its service account's), else default."},
  "token_file": {"type": "string", "default": "/var/run/secrets/kubernetes.io/serviceaccount/token", "description": "The bearer token, read on every call (projected tokens rotate)."},
  "ca_file": {"type": "string", "default": "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt", "description": "The certificate authority of an https API server."},
  "timeout_ms": {"type": "integer", "minimum": 1, "maximum": 600000, "default": 5000, "description": "How long one API call may take."}
}})json";

K8sApiConfig parse_config(const json::object& config) {
  only_keys(config, {"api_server", "namespace", "token_file", "ca_file", "timeout_ms"}, "configuration");
  K8sApiConfig c;
  if (auto v = floe::sdk::optional_string(config, "api_server")) {
    if (v->rfind("https://", 0) != 0 && v->rfind("http://", 0) != 0)
      throw error(FLOE_ERR_INVALID_CONFIG, "key 'api_server': expected an http:// or https:// URL");
    c.api_server = *v;
  }
  if (auto v = floe::sdk::optional_string(config, "namespace")) {
    if (!is_secret_name(*v) || v->find('.') != std::string::npos || v->size() > 63)
      throw error(FLOE_ERR_INVALID_CONFIG, "key 'namespace': '" + *v + "' is not a Kubernetes namespace name");
    c.namespace_name = *v;
  }
  if (auto v = floe::sdk::optional_string(config, "token_file")) c.token_file = *v;
  if (auto v = floe::sdk::optional_string(config, "ca_file")) c.ca_file = *v;
  if (auto v = floe::sdk::optional_int(config, "timeout_ms")) {
    if (*v < 1 || *v > 600000) throw error(FLOE_ERR_INVALID_CONFIG, "key 'timeout_ms': expected 1 to 600000");
    c.timeout_ms = static_cast<long>(*v);
  }
  return c;
}

class k8s_secrets {
 public:
  static constexpr const char* capabilities[] = {"secrets:kubernetes", "service:kubernetes-api", nullptr};
  static constexpr floe_plugin_descriptor descriptor = {
      sizeof(floe_plugin_descriptor), FLOE_ABI_VERSION, FLOE_CATEGORY_SECRETS, 0, "k8s", "0.1.0",
      "Secrets from Kubernetes Secrets, read through the Kubernetes API as the pod's service account", capabilities,
      nullptr, kConfigSchema,
  };

  k8s_secrets(const json::object& config, floe::sdk::host&) : api_(std::make_unique<K8sApi>(parse_config(config))) {}

  json::value get_secret(const json::value& request) {
    const auto& o = floe::sdk::as_object(request, "get_secret request");
    only_keys(o, {"key"}, "get_secret request");
    std::string key = floe::sdk::required_string(o, "key");
    SecretName name = parse_host_key(key);
    if (!is_secret_name(name.secret))
      throw error(FLOE_ERR_INVALID_ARGUMENT, "secret '" + key + "': '" + name.secret + "' is not a Kubernetes Secret name");
    auto data = api_->read(name.secret);
    std::string field = name.field;
    if (field.empty()) field = data.size() == 1 ? data.begin()->first : "value";
    auto it = data.find(field);
    if (it == data.end())
      throw error(FLOE_ERR_NOT_FOUND, "secret '" + key + "': the Secret '" + name.secret + "' in namespace '" +
                                          api_->config().namespace_name + "' has no key '" + field + "'");
    return json::object{{"value", it->second}};
  }

  json::value get_multi_key_secret(const json::value& request) {
    const auto& o = floe::sdk::as_object(request, "get_multi_key_secret request");
    only_keys(o, {"name"}, "get_multi_key_secret request");
    std::string name = floe::sdk::required_string(o, "name");
    if (!is_secret_name(name)) throw error(FLOE_ERR_INVALID_ARGUMENT, "'" + name + "' is not a Kubernetes Secret name");
    json::object values;
    for (auto& [k, v] : api_->read(name)) values[k] = v;
    return json::object{{"values", std::move(values)}};
  }

  json::value list_secrets(const json::value& request) {
    const auto& o = floe::sdk::as_object(request, "list_secrets request");
    only_keys(o, {"prefix"}, "list_secrets request");
    json::array keys;
    for (auto& k : api_->list(floe::sdk::optional_string(o, "prefix").value_or(""))) keys.emplace_back(k);
    return json::object{{"keys", std::move(keys)}};
  }

  // No manifests: the Secret is created out of band, with its values; the
  // notes say which keys it needs and where each value comes from.
  json::value generate_secret_manifests(const json::value& request) {
    const auto& o = floe::sdk::as_object(request, "generate_secret_manifests request");
    only_keys(o, {"namespace", "secret_name", "keys"}, "generate_secret_manifests request");
    std::string ns = floe::sdk::required_string(o, "namespace"), name = floe::sdk::required_string(o, "secret_name");
    const json::value* keys = o.if_contains("keys");
    if (keys == nullptr || !keys->is_object()) throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'keys': expected an object of references");
    std::string command = "kubectl create secret generic " + name + " -n " + ns;
    std::string sources;
    for (const auto& [k, ref] : keys->as_object()) {
      command += " --from-literal=" + std::string(k) + "=...";
      sources += (sources.empty() ? "" : "; ") + std::string(k) + ": " + describe_reference(ref);
    }
    return json::object{{"manifests", json::array{}},
                        {"notes", json::array{json::string("create the Secret '" + name + "' in namespace '" + ns +
                                                           "' before the workloads start: " + command),
                                              json::string("its values come from: " + sources)}}};
  }

  json::value health_check(const json::value&) {
    auto start = std::chrono::steady_clock::now();
    json::object answer;
    try {
      api_->list("floe-health-check-");
      answer["state"] = "healthy";
      answer["message"] = "the API lists the Secrets of namespace '" + api_->config().namespace_name + "'";
    } catch (const error& e) {
      answer["state"] = "unhealthy";
      answer["message"] = e.what();
    }
    answer["details"] = json::object{
        {"latency_ms", std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count()}};
    return answer;
  }

 private:
  std::unique_ptr<K8sApi> api_;
};

}  // namespace
}  // namespace floe::secrets_k8s

FLOE_PLUGIN(floe::secrets_k8s::k8s_secrets)
