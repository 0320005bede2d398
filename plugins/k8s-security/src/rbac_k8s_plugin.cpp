// The "k8s" rbac plugin: a namespace per domain or product (with the Pod
// Security Standards' `restricted` labels), a service account per workload
// (no automounted API token), and Roles with exactly the rules asked for:
// wildcards are refused, so a product's job can be given read access to its
// own secrets by name and nothing else.
#include <set>

#include "floe/plugin.hpp"
#include "k8s_objects.hpp"

namespace floe::k8s_security {
namespace {

namespace json = boost::json;
using floe::sdk::error;

constexpr char kRbacConfigSchema[] = "{\"type\": \"object\", \"additionalProperties\": false, \"properties\": {}}";

std::vector<std::string> strings_of(const json::object& rule, const char* key, std::size_t index, bool required) {
  std::vector<std::string> out;
  const json::value* v = rule.if_contains(key);
  std::string where = "rules[" + std::to_string(index) + "]." + key;
  if (v == nullptr) {
    if (required) throw error(FLOE_ERR_INVALID_ARGUMENT, "key '" + where + "': required");
    return out;
  }
  if (!v->is_array()) throw error(FLOE_ERR_INVALID_ARGUMENT, "key '" + where + "': expected an array of strings");
  for (const auto& s : v->as_array()) {
    if (!s.is_string()) throw error(FLOE_ERR_INVALID_ARGUMENT, "key '" + where + "': expected an array of strings");
    if (s.as_string() == "*")
      throw error(FLOE_ERR_INVALID_ARGUMENT,
                  "key '" + where + "': '*' grants everything; name the " + key + " the workload needs (least privilege)");
    out.emplace_back(s.as_string());
  }
  return out;
}

class rbac_k8s {
 public:
  static constexpr const char* capabilities[] = {"rbac:kubernetes", "pod-security:restricted", nullptr};
  static constexpr floe_plugin_descriptor descriptor = {
      sizeof(floe_plugin_descriptor), FLOE_ABI_VERSION, FLOE_CATEGORY_RBAC, 0, "k8s", "0.1.0",
      "Kubernetes namespaces, service accounts, least-privilege Roles and RoleBindings", capabilities, nullptr,
      kRbacConfigSchema,
  };

  rbac_k8s(const json::object&, floe::sdk::host&) {}

  json::value generate_namespace(const json::value& request) {
    const auto& o = request_object(request, {"name", "labels"}, "generate_namespace request");
    json::object labels = labels_with(o);
    // Pod Security Standards, enforced by the API server's admission.
    for (const char* mode : {"enforce", "audit", "warn"}) {
      labels[std::string("pod-security.kubernetes.io/") + mode] = "restricted";
      labels[std::string("pod-security.kubernetes.io/") + mode + "-version"] = "latest";
    }
    return json::object{{"manifest", json::object{{"apiVersion", "v1"}, {"kind", "Namespace"},
                                                   {"metadata", metadata(k8s_name(o, "name"), "", labels)}}}};
  }

  json::value generate_service_account(const json::value& request) {
    const auto& o = request_object(request, {"name", "namespace"}, "generate_service_account request");
    return json::object{{"manifest", json::object{{"apiVersion", "v1"},
                                                   {"kind", "ServiceAccount"},
                                                   {"metadata", metadata(k8s_name(o, "name"), k8s_name(o, "namespace"),
                                                                         labels_with(o))},
                                                   {"automountServiceAccountToken", false}}}};
  }

  json::value generate_role(const json::value& request) {
    const auto& o = request_object(request, {"name", "namespace", "rules"}, "generate_role request");
    const json::value* rules = o.if_contains("rules");
    if (rules == nullptr || !rules->is_array()) throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'rules': expected an array");
    json::array out;
    for (std::size_t i = 0; i < rules->as_array().size(); ++i) {
      const json::value& r = rules->as_array()[i];
      if (!r.is_object()) throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'rules[" + std::to_string(i) + "]': expected an object");
      for (const auto& [k, v] : r.as_object())
        if (k != "apiGroups" && k != "resources" && k != "verbs" && k != "resourceNames")
          throw error(FLOE_ERR_INVALID_ARGUMENT, "unknown key 'rules[" + std::to_string(i) + "]." + std::string(k) + "'");
      json::object rule{{"apiGroups", json::value_from(strings_of(r.as_object(), "apiGroups", i, false))},
                        {"resources", json::value_from(strings_of(r.as_object(), "resources", i, true))},
                        {"verbs", json::value_from(strings_of(r.as_object(), "verbs", i, true))}};
      if (rule.at("apiGroups").as_array().empty()) rule["apiGroups"] = json::array{""};
      if (auto names = strings_of(r.as_object(), "resourceNames", i, false); !names.empty())
        rule["resourceNames"] = json::value_from(names);
      out.push_back(std::move(rule));
    }
    return json::object{{"manifest", json::object{{"apiVersion", "rbac.authorization.k8s.io/v1"},
                                                   {"kind", "Role"},
                                                   {"metadata", metadata(k8s_name(o, "name"), k8s_name(o, "namespace"),
                                                                         json::object{{"app.kubernetes.io/managed-by", "floe"}})},
                                                   {"rules", std::move(out)}}}};
  }

  json::value generate_role_binding(const json::value& request) {
    const auto& o = request_object(request, {"name", "namespace", "role", "subjects"}, "generate_role_binding request");
    std::string ns = k8s_name(o, "namespace");
    const json::value* subjects = o.if_contains("subjects");
    if (subjects == nullptr || !subjects->is_array())
      throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'subjects': expected an array (of names, or {kind, name, namespace?})");
    json::array out;
    for (const auto& s : subjects->as_array()) {
      // A name is a service account of the namespace; an object says more.
      if (s.is_string()) {
        json::object one{{"name", s}};
        out.push_back(json::object{{"kind", "ServiceAccount"}, {"name", k8s_name(one, "name")}, {"namespace", ns}});
        continue;
      }
      if (!s.is_object()) throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'subjects': expected names or {kind, name, namespace?}");
      std::string kind = floe::sdk::required_string(s.as_object(), "kind");
      if (kind != "ServiceAccount" && kind != "User" && kind != "Group")
        throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'subjects[].kind': ServiceAccount, User or Group");
      json::object subject{{"kind", kind}, {"name", floe::sdk::required_string(s.as_object(), "name")}};
      if (kind == "ServiceAccount")
        subject["namespace"] = floe::sdk::optional_string(s.as_object(), "namespace").value_or(ns);
      else
        subject["apiGroup"] = "rbac.authorization.k8s.io";
      out.push_back(std::move(subject));
    }
    json::object binding{{"apiVersion", "rbac.authorization.k8s.io/v1"},
                                  {"kind", "RoleBinding"},
                                  {"metadata", metadata(k8s_name(o, "name"), ns, json::object{{"app.kubernetes.io/managed-by", "floe"}})},
                                  {"roleRef", json::object{{"apiGroup", "rbac.authorization.k8s.io"},
                                                           {"kind", "Role"},
                                                           {"name", k8s_name(o, "role")}}}};
    if (!out.empty()) binding["subjects"] = std::move(out);  // none: a binding that grants nobody yet
    return json::object{{"manifest", std::move(binding)}};
  }

  json::value generate_pod_security_context(const json::value& request) {
    request_object(request, {}, "generate_pod_security_context request");
    return json::object{{"security_context", restricted_pod_security_context()}};
  }
};

}  // namespace
}  // namespace floe::k8s_security

FLOE_PLUGIN(floe::k8s_security::rbac_k8s)
