// The "external-secrets" secrets plugin: the External Secrets Operator syncs
// the platform's references from a store (Vault, AWS, GCP, or a store the
// cluster already has) into the Kubernetes Secret each deployment reads
// (generate_secret_manifests, eso_manifests.hpp). In the pod, floe finds
// each value in the environment the Secret fills, before it asks a plugin;
// so get_secret only says where the value should have come from.
#include "eso_manifests.hpp"
#include "floe/plugin.hpp"
#include "secret_keys.hpp"

namespace floe::secrets_k8s {
namespace {

namespace json = boost::json;
using floe::sdk::error;

constexpr char kConfigSchema[] = R"json({"type": "object", "additionalProperties": false, "properties": {
  "store": {"type": "object", "description": "An existing store to read from: {kind: SecretStore|ClusterSecretStore, name}."},
  "provider": {"type": "object", "description": "A store floe renders in each namespace (floe-<provider>): {vault: {server, path, version, auth: {token_secret | kubernetes | app_role}}}, {aws: {service, region, role?, service_account?}} or {gcp: {project_id}}."},
  "refresh_interval": {"type": "string", "default": "1h", "description": "How often ESO syncs the Secret."}
}})json";

class eso_secrets {
 public:
  static constexpr const char* capabilities[] = {"secrets:external-secrets", "k8s-manifests:external-secrets.io/v1", nullptr};
  static constexpr floe_plugin_descriptor descriptor = {
      sizeof(floe_plugin_descriptor), FLOE_ABI_VERSION, FLOE_CATEGORY_SECRETS, 0, "external-secrets", "0.1.0",
      "Secrets synced by the External Secrets Operator (ESO 1.x) into the Kubernetes Secret each deployment reads",
      capabilities, nullptr, kConfigSchema,
  };

  eso_secrets(const json::object& config, floe::sdk::host&) : settings_(parse_eso_settings(config)) {}

  json::value generate_secret_manifests(const json::value& request) {
    const auto& o = floe::sdk::as_object(request, "generate_secret_manifests request");
    only_keys(o, {"namespace", "secret_name", "keys"}, "generate_secret_manifests request");
    std::string ns = floe::sdk::required_string(o, "namespace"), name = floe::sdk::required_string(o, "secret_name");
    if (!is_secret_name(ns) || ns.find('.') != std::string::npos) throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'namespace': not a Kubernetes namespace name");
    if (!is_secret_name(name)) throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'secret_name': not a Kubernetes Secret name");
    const json::value* keys = o.if_contains("keys");
    if (keys == nullptr || !keys->is_object()) throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'keys': expected an object of references");
    return eso_manifests(settings_, ns, name, keys->as_object());
  }

  // The value lives in the environment the synced Secret fills; a call means
  // it was not there.
  json::value get_secret(const json::value& request) {
    const auto& o = floe::sdk::as_object(request, "get_secret request");
    only_keys(o, {"key"}, "get_secret request");
    std::string key = floe::sdk::required_string(o, "key");
    throw error(FLOE_ERR_NOT_FOUND, "secret '" + key + "': the External Secrets Operator syncs it into the pod's "
                                    "environment from the deployment's Secret, and it is not set here (is the "
                                    "ExternalSecret synced, and does the pod read the Secret?)");
  }

  json::value list_secrets(const json::value& request) {
    const auto& o = floe::sdk::as_object(request, "list_secrets request");
    only_keys(o, {"prefix"}, "list_secrets request");
    throw error(FLOE_ERR_INVALID_STATE, "the External Secrets Operator's stores are listed by their own tools, not by floe");
  }

 private:
  EsoSettings settings_;
};

}  // namespace
}  // namespace floe::secrets_k8s

FLOE_PLUGIN(floe::secrets_k8s::eso_secrets)
