// What the two Kubernetes secrets plugins share: the keys the host asks
// get_secret for, and the manifest's references a deployment names.
#pragma once

#include <boost/json.hpp>

#include <initializer_list>
#include <string>

namespace floe::secrets_k8s {

// A host key: {secret_ref: NAME} -> "NAME", {k8s: {name, key}} -> "name/key"
// (docs/plugins/secrets.md). `field` is empty for the first form.
struct SecretName {
  std::string secret, field;
};
SecretName parse_host_key(const std::string& key);

// A DNS-1123 subdomain, as Kubernetes names Secrets.
bool is_secret_name(const std::string& name);

// Throws FLOE_ERR_INVALID_ARGUMENT naming the first key of `o` not in `keys`.
void only_keys(const boost::json::object& o, std::initializer_list<const char*> keys, const char* what);

// The reference a deployment's key holds, in words for a note:
// {vault: {path, key}} -> "vault secret-path#key". Never a value: references
// hold none.
std::string describe_reference(const boost::json::value& reference);

}  // namespace floe::secrets_k8s
