#include "infisical_manifests.hpp"

#include <cctype>
#include <map>
#include <vector>

#include "floe/plugin.hpp"
#include "secret_keys.hpp"
#include "secret_location.hpp"

namespace floe::secrets_infisical {
namespace {

namespace json = boost::json;
using floe::sdk::error;

std::string field(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

// The key floe run would ask get_secret for (docs/plugins/secrets.md), or ""
// for a {file} reference, which no store holds.
std::string host_key(const std::string& entry, const json::value& reference, json::array& notes) {
  const json::object* r = reference.if_object();
  if (r == nullptr) throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'keys." + entry + "': expected a secret reference");
  if (const auto* v = r->if_contains("vault"); v != nullptr && v->is_object())
    return field(v->as_object(), "path") + "#" + field(v->as_object(), "key");
  if (const auto* k = r->if_contains("k8s"); k != nullptr && k->is_object())
    return field(k->as_object(), "name") + "/" + field(k->as_object(), "key");
  if (std::string n = field(*r, "secret_ref"); !n.empty()) return n;
  if (std::string e = field(*r, "env"); !e.empty()) {
    notes.push_back(json::string(entry + " ({env: " + e + "}): read from Infisical as the secret '" + e +
                                 "' (the variable's name); put the value there"));
    return e;
  }
  if (std::string f = field(*r, "file"); !f.empty()) {
    notes.push_back(
        json::string(entry + " ({file: " + f +
                     "}) is a file on the pod, not in Infisical: mount it; the InfisicalSecret leaves it out"));
    return "";
  }
  throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'keys." + entry + "': not a secret reference floe knows");
}

// The deepest folder that holds both.
std::string common_folder(const std::string& a, const std::string& b) {
  std::string common = "/";
  std::size_t i = 1;
  while (i < a.size() && i < b.size()) {
    std::size_t end_a = a.find('/', i), end_b = b.find('/', i);
    std::string sa = a.substr(i, end_a - i), sb = b.substr(i, end_b - i);
    if (sa != sb) break;
    common = a.substr(0, end_a == std::string::npos ? a.size() : end_a);
    if (end_a == std::string::npos) break;
    i = end_a + 1;
  }
  return common;
}

// {{ .NAME.Value }}: Go's template syntax takes a field name only when it is
// an identifier; other names are looked up with index.
std::string template_of(const std::string& name) {
  bool identifier = !std::isdigit(static_cast<unsigned char>(name[0]));
  for (char c : name) identifier = identifier && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
  return identifier ? "{{ ." + name + ".Value }}" : "{{ (index . \"" + name + "\").Value }}";
}

bool secret_data_key(const std::string& key) {
  if (key.empty() || key.size() > 253) return false;
  for (char c : key)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') return false;
  return true;
}

json::object credentials(const InfisicalConfig& c, const std::string& ns, json::array& notes) {
  std::string command = "kubectl create secret generic " + c.credentials_secret + " -n " + ns;
  json::object ref{{"secretName", c.credentials_secret}, {"secretNamespace", ns}};
  if (c.universal_auth()) {
    notes.push_back(json::string("create the Secret '" + c.credentials_secret + "' in namespace '" + ns +
                                 "' for the operator's Universal Auth login: " + command +
                                 " --from-literal=clientId=" + c.client_id +
                                 " --from-literal=clientSecret=... (the value of " + c.client_secret_reference + ")"));
    return json::object{{"universalAuth", json::object{{"credentialsRef", std::move(ref)}}}};
  }
  notes.push_back(json::string(
      "create the Secret '" + c.credentials_secret + "' in namespace '" + ns + "': " + command +
      " --from-literal=infisicalToken=... (an Infisical service token scoped to environment " + c.environment +
      "; the operator takes no machine identity access token, so prefer auth.universal_auth)"));
  return json::object{{"serviceToken", json::object{{"serviceTokenSecretReference", std::move(ref)}}}};
}

}  // namespace

json::object infisical_manifests(const InfisicalConfig& c, const std::string& ns, const std::string& secret_name,
                                 const json::object& keys) {
  json::array notes;
  struct Entry {
    std::string key;
    SecretLocation at;
  };
  std::vector<Entry> entries;
  for (const auto& [k, reference] : keys) {
    std::string entry(k);
    if (!secret_data_key(entry))
      throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'keys." + entry + "': not a Kubernetes Secret key ([-._a-zA-Z0-9]+)");
    std::string key = host_key(entry, reference, notes);
    if (key.empty()) continue;
    try {
      entries.push_back({entry, locate(key, c.secret_path)});
    } catch (const error& e) {
      throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'keys." + entry + "': " + e.what());
    }
  }
  if (entries.empty()) {
    notes.push_back(json::string("no reference to sync from Infisical into the Secret '" + secret_name + "'"));
    return json::object{{"manifests", json::array{}}, {"notes", std::move(notes)}};
  }
  // The operator's template sees the synced secrets by name alone, so one
  // name from two folders cannot be told apart: the first one wins.
  std::string scope = entries.front().at.folder;
  for (const auto& e : entries) scope = common_folder(scope, e.at.folder);
  std::map<std::string, std::string> folder_of;
  json::object data;
  bool recursive = false;
  for (const auto& e : entries) {
    auto [it, fresh] = folder_of.emplace(e.at.name, e.at.folder);
    if (!fresh && it->second != e.at.folder) {
      notes.push_back(json::string(e.key + ": the secret " + e.at.name + " of folder " + e.at.folder +
                                   " has the name of one in " + it->second +
                                   ", which the InfisicalSecret syncs; it leaves this one out (rename one of them)"));
      continue;
    }
    recursive = recursive || e.at.folder != scope;
    data[e.key] = template_of(e.at.name);
  }
  json::object auth = credentials(c, ns, notes);
  json::object scope_spec{{"envSlug", c.environment}, {"secretsPath", scope}, {"recursive", recursive}};
  if (c.universal_auth()) scope_spec["projectId"] = c.project_id;  // a service token names its project itself
  auth.begin()->value().as_object()["secretsScope"] = std::move(scope_spec);
  json::object labels{{"app.kubernetes.io/managed-by", "floe"}};
  json::object infisical_secret{
      {"apiVersion", "secrets.infisical.com/v1alpha1"},
      {"kind", "InfisicalSecret"},
      {"metadata", json::object{{"name", secret_name}, {"namespace", ns}, {"labels", labels}}},
      {"spec", json::object{{"hostAPI", c.site_url + "/api"},
                            {"resyncInterval", c.resync_interval_seconds},
                            {"authentication", std::move(auth)},
                            {"managedKubeSecretReferences",
                             json::array{json::object{{"secretName", secret_name},
                                                      {"secretNamespace", ns},
                                                      {"creationPolicy", "Owner"},
                                                      {"template", json::object{{"includeAllSecrets", false},
                                                                                {"data", std::move(data)}}}}}}}}};
  notes.push_back(json::string("the Infisical Operator (secrets.infisical.com/v1alpha1 InfisicalSecret) syncs folder " +
                               scope + (recursive ? " and its subfolders" : "") + " of environment " + c.environment +
                               " into the Secret '" + secret_name + "'; install it in the cluster first"));
  return json::object{{"manifests", json::array{std::move(infisical_secret)}}, {"notes", std::move(notes)}};
}

}  // namespace floe::secrets_infisical
