// The "k8s" network_security plugin: NetworkPolicies that deny all traffic
// of a namespace by default and allow DNS, policies that open exactly the
// ingress and egress rules asked for, and the restricted security contexts
// and writable emptyDir volumes a workload with a read-only root needs.
#include "floe/plugin.hpp"
#include "k8s_objects.hpp"

namespace floe::k8s_security {
namespace {

namespace json = boost::json;
using floe::sdk::error;

constexpr char kNetworkConfigSchema[] =
    "{\"type\": \"object\", \"additionalProperties\": false, \"properties\": {"
    "\"dns_namespace\": {\"type\": \"string\", \"default\": \"kube-system\", \"description\": \"Where the cluster's "
    "DNS runs.\"},"
    "\"dns_pod_label\": {\"type\": \"string\", \"default\": \"kube-dns\", \"description\": \"The k8s-app label of "
    "the DNS pods.\"}}}";

// The pods a policy applies to: a Kubernetes label selector (matchLabels,
// matchExpressions); every pod of the namespace when none is given.
json::object pod_selector(const json::object& o) {
  const json::value* v = o.if_contains("pod_selector");
  if (v == nullptr) return {};
  if (!v->is_object()) throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'pod_selector': expected a label selector object");
  for (const auto& [k, x] : v->as_object()) {
    if (k == "matchLabels" && x.is_object()) continue;
    if (k == "matchExpressions" && x.is_array()) continue;
    throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'pod_selector." + std::string(k) +
                                               "': expected matchLabels (an object) or matchExpressions (an array)");
  }
  return v->as_object();
}

json::array rule_list(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr) return {};
  if (!v->is_array()) throw error(FLOE_ERR_INVALID_ARGUMENT, std::string("key '") + key + "': expected an array of rules");
  for (const auto& r : v->as_array())
    if (!r.is_object()) throw error(FLOE_ERR_INVALID_ARGUMENT, std::string("key '") + key + "': every rule is an object");
  return v->as_array();
}

class network_security_k8s {
 public:
  static constexpr const char* capabilities[] = {"network-policy:kubernetes", "pod-security:restricted", nullptr};
  static constexpr floe_plugin_descriptor descriptor = {
      sizeof(floe_plugin_descriptor), FLOE_ABI_VERSION, FLOE_CATEGORY_NETWORK_SECURITY, 0, "k8s", "0.1.0",
      "Kubernetes NetworkPolicies (default deny, DNS, explicit rules) and restricted security contexts", capabilities,
      nullptr, kNetworkConfigSchema,
  };

  network_security_k8s(const json::object& config, floe::sdk::host&)
      : dns_namespace_(floe::sdk::optional_string(config, "dns_namespace").value_or("kube-system")),
        dns_label_(floe::sdk::optional_string(config, "dns_pod_label").value_or("kube-dns")) {}

  json::value generate_network_policy(const json::value& request) {
    const auto& o = request_object(request, {"name", "namespace", "pod_selector", "ingress", "egress"},
                                   "generate_network_policy request");
    json::array ingress = rule_list(o, "ingress"), egress = rule_list(o, "egress");
    // A direction not given is denied: a policy with neither isolates the pods.
    json::object spec{{"podSelector", pod_selector(o)}, {"policyTypes", json::array{"Ingress", "Egress"}}};
    if (!ingress.empty()) spec["ingress"] = std::move(ingress);
    if (!egress.empty()) spec["egress"] = std::move(egress);
    return json::object{{"manifest", policy(k8s_name(o, "name"), k8s_name(o, "namespace"), std::move(spec))}};
  }

  json::value generate_default_deny_policies(const json::value& request) {
    const auto& o = request_object(request, {"namespace"}, "generate_default_deny_policies request");
    std::string ns = k8s_name(o, "namespace");
    json::array manifests{
        policy("default-deny-all", ns,
               json::object{{"podSelector", json::object{}}, {"policyTypes", json::array{"Ingress", "Egress"}}}),
        policy("allow-dns-egress", ns,
               json::object{{"podSelector", json::object{}},
                            {"policyTypes", json::array{"Egress"}},
                            {"egress", json::array{dns_rule()}}})};
    return json::object{{"manifests", std::move(manifests)}};
  }

  json::value generate_dns_egress_rule(const json::value& request) {
    request_object(request, {}, "generate_dns_egress_rule request");
    return json::object{{"rule", dns_rule()}};
  }

  json::value generate_pod_security_context(const json::value& request) {
    request_object(request, {}, "generate_pod_security_context request");
    return json::object{{"security_context", restricted_pod_security_context()}};
  }

  json::value generate_container_security_context(const json::value& request) {
    request_object(request, {}, "generate_container_security_context request");
    return json::object{{"security_context", restricted_container_security_context()}};
  }

  // An emptyDir per path a workload writes to (its root file system is read-only).
  json::value generate_writable_volumes(const json::value& request) {
    const auto& o = request_object(request, {"paths"}, "generate_writable_volumes request");
    const json::value* paths = o.if_contains("paths");
    if (paths == nullptr || !paths->is_array()) throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'paths': expected an array");
    json::array volumes, mounts;
    for (const auto& p : paths->as_array()) {
      if (!p.is_string() || p.as_string().empty() || p.as_string()[0] != '/')
        throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'paths': expected absolute paths");
      std::string name = normalise_name("w-" + std::string(p.as_string()));
      volumes.push_back(json::object{{"name", name}, {"emptyDir", json::object{}}});
      mounts.push_back(json::object{{"name", name}, {"mountPath", p}});
    }
    return json::object{{"volumes", std::move(volumes)}, {"mounts", std::move(mounts)}};
  }

 private:
  json::object dns_rule() const {
    return {{"to", json::array{json::object{
                       {"namespaceSelector",
                        json::object{{"matchLabels", json::object{{"kubernetes.io/metadata.name", dns_namespace_}}}}},
                       {"podSelector", json::object{{"matchLabels", json::object{{"k8s-app", dns_label_}}}}}}}},
            {"ports", json::array{json::object{{"protocol", "UDP"}, {"port", 53}},
                                  json::object{{"protocol", "TCP"}, {"port", 53}}}}};
  }

  static json::object policy(const std::string& name, const std::string& ns, json::object spec) {
    return {{"apiVersion", "networking.k8s.io/v1"},
            {"kind", "NetworkPolicy"},
            {"metadata", metadata(name, ns, json::object{{"app.kubernetes.io/managed-by", "floe"}})},
            {"spec", std::move(spec)}};
  }

  std::string dns_namespace_, dns_label_;
};

}  // namespace
}  // namespace floe::k8s_security

FLOE_PLUGIN(floe::k8s_security::network_security_k8s)
