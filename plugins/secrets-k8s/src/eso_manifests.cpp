#include "eso_manifests.hpp"

#include <cctype>

#include "floe/plugin.hpp"
#include "secret_keys.hpp"

namespace floe::secrets_k8s {

namespace json = boost::json;
using floe::sdk::error;

namespace {

[[noreturn]] void bad(const std::string& key, const std::string& expected) {
  throw error(FLOE_ERR_INVALID_CONFIG, "key '" + key + "': expected " + expected);
}

std::string text(const json::object& o, const char* key, const std::string& at, bool required = true) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr) {
    if (required) bad(at + "." + key, "a string (required)");
    return {};
  }
  if (!v->is_string() || v->as_string().empty()) bad(at + "." + key, "a non-empty string");
  return std::string(v->as_string());
}

const json::object& object(const json::object& o, const char* key, const std::string& at) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || !v->is_object()) bad(at + "." + key, "an object");
  return v->as_object();
}

// A Kubernetes Secret key selector {name, key} (a secret the store itself reads).
json::object selector(const json::object& o, const char* key, const std::string& at) {
  const json::object& s = object(o, key, at);
  only_keys(s, {"name", "key"}, (at + "." + key).c_str());
  std::string name = text(s, "name", at + "." + key);
  if (!is_secret_name(name)) bad(at + "." + key + ".name", "a Kubernetes Secret name");
  return json::object{{"name", name}, {"key", text(s, "key", at + "." + key)}};
}

json::object vault_provider(const json::object& v) {
  const std::string at = "provider.vault";
  only_keys(v, {"server", "path", "version", "namespace", "auth"}, at.c_str());
  std::string server = text(v, "server", at);
  if (server.rfind("https://", 0) != 0 && server.rfind("http://", 0) != 0) bad(at + ".server", "an http:// or https:// URL");
  std::string version = v.contains("version") ? text(v, "version", at) : "v2";
  if (version != "v1" && version != "v2") bad(at + ".version", "v1 or v2");
  json::object out{{"server", server}, {"path", v.contains("path") ? text(v, "path", at) : "secret"}, {"version", version}};
  if (v.contains("namespace")) out["namespace"] = text(v, "namespace", at);
  const json::object& auth = object(v, "auth", at);
  if (auth.size() != 1) bad(at + ".auth", "exactly one of token_secret, kubernetes, app_role");
  if (auth.contains("token_secret")) {
    out["auth"] = json::object{{"tokenSecretRef", selector(auth, "token_secret", at + ".auth")}};
  } else if (auth.contains("kubernetes")) {
    const json::object& k = object(auth, "kubernetes", at + ".auth");
    only_keys(k, {"role", "mount_path", "service_account"}, (at + ".auth.kubernetes").c_str());
    json::object kube{{"mountPath", k.contains("mount_path") ? text(k, "mount_path", at + ".auth.kubernetes") : "kubernetes"},
                      {"role", text(k, "role", at + ".auth.kubernetes")}};
    if (k.contains("service_account"))
      kube["serviceAccountRef"] = json::object{{"name", text(k, "service_account", at + ".auth.kubernetes")}};
    out["auth"] = json::object{{"kubernetes", std::move(kube)}};
  } else if (auth.contains("app_role")) {
    const json::object& a = object(auth, "app_role", at + ".auth");
    only_keys(a, {"path", "role_id", "secret"}, (at + ".auth.app_role").c_str());
    out["auth"] = json::object{{"appRole", json::object{{"path", a.contains("path") ? text(a, "path", at + ".auth.app_role") : "approle"},
                                                        {"roleId", text(a, "role_id", at + ".auth.app_role")},
                                                        {"secretRef", selector(a, "secret", at + ".auth.app_role")}}}};
  } else {
    bad(at + ".auth", "one of token_secret, kubernetes, app_role");
  }
  return out;
}

json::object aws_provider(const json::object& v) {
  const std::string at = "provider.aws";
  only_keys(v, {"service", "region", "role", "service_account"}, at.c_str());
  std::string service = v.contains("service") ? text(v, "service", at) : "SecretsManager";
  if (service != "SecretsManager" && service != "ParameterStore") bad(at + ".service", "SecretsManager or ParameterStore");
  json::object out{{"service", service}, {"region", text(v, "region", at)}};
  if (v.contains("role")) out["role"] = text(v, "role", at);
  if (v.contains("service_account"))
    out["auth"] = json::object{{"jwt", json::object{{"serviceAccountRef", json::object{{"name", text(v, "service_account", at)}}}}}};
  return out;
}

json::object gcp_provider(const json::object& v) {
  only_keys(v, {"project_id"}, "provider.gcp");
  return json::object{{"projectID", text(v, "project_id", "provider.gcp")}};
}

json::object labels() { return json::object{{"app.kubernetes.io/managed-by", "floe"}}; }

}  // namespace

EsoSettings parse_eso_settings(const json::object& config) {
  only_keys(config, {"store", "provider", "refresh_interval"}, "configuration");
  EsoSettings s;
  if (config.contains("store")) {
    const json::object& store = object(config, "store", "");
    only_keys(store, {"kind", "name"}, "store");
    s.store_kind = store.contains("kind") ? text(store, "kind", "store") : "SecretStore";
    if (s.store_kind != "SecretStore" && s.store_kind != "ClusterSecretStore") bad("store.kind", "SecretStore or ClusterSecretStore");
    s.store_name = text(store, "name", "store");
    if (!is_secret_name(s.store_name)) bad("store.name", "a Kubernetes name");
  }
  if (config.contains("provider")) {
    if (!s.store_name.empty()) bad("provider", "no provider when store names an existing store");
    const json::object& p = object(config, "provider", "");
    if (p.size() != 1) bad("provider", "exactly one of vault, aws, gcp");
    if (p.contains("vault")) {
      s.provider = json::object{{"vault", vault_provider(object(p, "vault", "provider"))}};
      s.provider_name = "vault";
    } else if (p.contains("aws")) {
      s.provider = json::object{{"aws", aws_provider(object(p, "aws", "provider"))}};
      s.provider_name = "aws";
    } else if (p.contains("gcp")) {
      s.provider = json::object{{"gcpsm", gcp_provider(object(p, "gcp", "provider"))}};
      s.provider_name = "gcpsm";
    } else {
      bad("provider", "one of vault, aws, gcp");
    }
  }
  if (s.store_name.empty() && s.provider.empty()) bad("store", "an existing store (store.name), or a provider floe renders a store for");
  if (config.contains("refresh_interval")) {
    s.refresh_interval = text(config, "refresh_interval", "");
    if (s.refresh_interval.find_first_not_of("0123456789hms") != std::string::npos || !std::isdigit(static_cast<unsigned char>(s.refresh_interval[0])))
      bad("refresh_interval", "a duration such as 1h, 30m or 1h30m");
  }
  return s;
}

json::object eso_manifests(const EsoSettings& s, const std::string& ns, const std::string& secret_name,
                           const json::object& keys) {
  json::array manifests, notes, data;
  std::string store_name = s.store_name;
  if (store_name.empty()) {
    store_name = "floe-" + s.provider_name;
    manifests.push_back(json::object{{"apiVersion", "external-secrets.io/v1"},
                                     {"kind", "SecretStore"},
                                     {"metadata", json::object{{"name", store_name}, {"namespace", ns}, {"labels", labels()}}},
                                     {"spec", json::object{{"provider", s.provider}}}});
  }
  for (const auto& [name, reference] : keys) {
    if (!reference.is_object()) throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'keys." + std::string(name) + "': expected a secret reference");
    const json::object& r = reference.as_object();
    json::object remote;
    auto field = [&](const json::object& o, const char* key) -> std::string {
      const json::value* v = o.if_contains(key);
      return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
    };
    if (const json::value* v = r.if_contains("vault"); v != nullptr && v->is_object()) {
      remote = json::object{{"key", field(v->as_object(), "path")}, {"property", field(v->as_object(), "key")}};
    } else if (const json::value* k = r.if_contains("k8s"); k != nullptr && k->is_object()) {
      remote = json::object{{"key", field(k->as_object(), "name")}, {"property", field(k->as_object(), "key")}};
    } else if (std::string n = field(r, "secret_ref"); !n.empty()) {
      remote = json::object{{"key", n}};
    } else if (std::string e = field(r, "env"); !e.empty()) {
      remote = json::object{{"key", e}};
      notes.push_back(json::string(std::string(name) + " ({env: " + e + "}): the store is asked for '" + e +
                                   "' (the variable's name); put the value there"));
    } else if (std::string f = field(r, "file"); !f.empty()) {
      notes.push_back(json::string(std::string(name) + " ({file: " + f + "}) is a file on the pod, not in the store: mount it; "
                                   "the ExternalSecret leaves it out"));
      continue;
    } else {
      throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'keys." + std::string(name) + "': not a secret reference floe knows");
    }
    for (const auto& [k, v] : remote)
      if (v.as_string().empty())
        throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'keys." + std::string(name) + "': the reference has no " + std::string(k));
    data.push_back(json::object{{"secretKey", name}, {"remoteRef", std::move(remote)}});
  }
  manifests.push_back(json::object{
      {"apiVersion", "external-secrets.io/v1"},
      {"kind", "ExternalSecret"},
      {"metadata", json::object{{"name", secret_name}, {"namespace", ns}, {"labels", labels()}}},
      {"spec", json::object{{"refreshInterval", s.refresh_interval},
                            {"secretStoreRef", json::object{{"kind", s.store_kind}, {"name", store_name}}},
                            {"target", json::object{{"name", secret_name}, {"creationPolicy", "Owner"}}},
                            {"data", std::move(data)}}}});
  json::object out{{"manifests", std::move(manifests)}};
  if (!notes.empty()) out["notes"] = std::move(notes);
  return out;
}

}  // namespace floe::secrets_k8s
