#include "k8s_objects.hpp"

#include <cctype>

#include "floe/plugin.hpp"

namespace floe::k8s_security {
namespace json = boost::json;
using floe::sdk::error;

const json::object& request_object(const json::value& request, std::initializer_list<const char*> keys, const char* what) {
  const json::object& o = floe::sdk::as_object(request, what);
  for (const auto& [key, value] : o) {
    bool known = false;
    for (const char* k : keys) known = known || key == k;
    if (!known) throw error(FLOE_ERR_INVALID_ARGUMENT, "unknown key '" + std::string(key) + "' in the " + what);
  }
  return o;
}

std::string normalise_name(const std::string& text) {
  std::string out;
  for (char c : text) {
    char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bool ok = (l >= 'a' && l <= 'z') || (l >= '0' && l <= '9');
    if (ok) out += l;
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  if (out.size() > 63) out.resize(63);
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

std::string k8s_name(const json::object& o, const char* key) {
  std::string name = floe::sdk::required_string(o, key);
  if (name.empty() || normalise_name(name) != name)
    throw error(FLOE_ERR_INVALID_ARGUMENT,
                "key '" + std::string(key) + "': '" + name +
                    "' is not a Kubernetes name (lower-case letters, digits and '-', at most 63, alphanumeric at both "
                    "ends)" +
                    (normalise_name(name).empty() ? std::string() : "; normalised it would be '" + normalise_name(name) + "'"));
  return name;
}

json::object labels_with(const json::object& o) {
  json::object labels{{"app.kubernetes.io/managed-by", "floe"}};
  if (const json::value* l = o.if_contains("labels")) {
    if (!l->is_object()) throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'labels': expected an object of strings");
    for (const auto& [k, v] : l->as_object()) {
      if (!v.is_string()) throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'labels." + std::string(k) + "': expected a string");
      labels[k] = v;
    }
  }
  return labels;
}

json::object metadata(const std::string& name, const std::string& ns, const json::object& labels) {
  json::object m{{"name", name}, {"labels", labels}};
  if (!ns.empty()) m["namespace"] = ns;
  return m;
}

json::object restricted_pod_security_context() {
  return {{"runAsNonRoot", true},
          {"runAsUser", 10001},
          {"runAsGroup", 10001},
          {"fsGroup", 10001},
          {"seccompProfile", json::object{{"type", "RuntimeDefault"}}}};
}

json::object restricted_container_security_context() {
  return {{"allowPrivilegeEscalation", false},
          {"readOnlyRootFilesystem", true},
          {"runAsNonRoot", true},
          {"capabilities", json::object{{"drop", json::array{"ALL"}}}},
          {"seccompProfile", json::object{{"type", "RuntimeDefault"}}}};
}

}  // namespace floe::k8s_security
