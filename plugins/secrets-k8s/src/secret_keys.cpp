#include "secret_keys.hpp"

#include "floe/plugin.hpp"

namespace floe::secrets_k8s {

namespace json = boost::json;
using floe::sdk::error;

SecretName parse_host_key(const std::string& key) {
  auto slash = key.find('/');
  if (slash == std::string::npos) return {key, ""};
  return {key.substr(0, slash), key.substr(slash + 1)};
}

bool is_secret_name(const std::string& name) {
  if (name.empty() || name.size() > 253) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum && !((c == '-' || c == '.') && i > 0 && i + 1 < name.size())) return false;
  }
  return true;
}

void only_keys(const json::object& o, std::initializer_list<const char*> keys, const char* what) {
  for (const auto& [k, v] : o) {
    bool known = false;
    for (const char* key : keys) known = known || k == key;
    if (!known) throw error(FLOE_ERR_INVALID_ARGUMENT, "unknown key '" + std::string(k) + "' in the " + what);
  }
}

std::string describe_reference(const json::value& reference) {
  if (!reference.is_object()) return "an unreadable reference";
  const json::object& r = reference.as_object();
  auto text = [](const json::value* v) { return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string(); };
  if (auto* v = r.if_contains("secret_ref")) return "secret_ref " + text(v);
  if (auto* v = r.if_contains("env")) return "the variable " + text(v);
  if (auto* v = r.if_contains("file")) return "the file " + text(v);
  if (auto* v = r.if_contains("k8s"); v != nullptr && v->is_object())
    return "the Secret " + text(v->as_object().if_contains("name")) + ", key " + text(v->as_object().if_contains("key"));
  if (auto* v = r.if_contains("vault"); v != nullptr && v->is_object())
    return "vault " + text(v->as_object().if_contains("path")) + "#" + text(v->as_object().if_contains("key"));
  return "an unknown kind of reference";
}

}  // namespace floe::secrets_k8s
