// External Secrets Operator objects (external-secrets.io/v1, ESO 1.x) that
// sync the platform's secret references into the Kubernetes Secret a
// deployment's workloads read: a SecretStore for the configured provider (or
// a reference to an existing store) and one ExternalSecret. A reference
// becomes a remoteRef: {vault: {path, key}} -> key path, property key;
// {secret_ref: NAME} -> key NAME; {k8s: {name, key}} -> key name, property
// key; {env: NAME} -> key NAME (the store holds it under the variable's
// name). {file} references are files on the pod, not the store's: a note.
#pragma once

#include <boost/json.hpp>

#include <string>

namespace floe::secrets_k8s {

struct EsoSettings {
  std::string store_kind = "SecretStore";  // or ClusterSecretStore
  std::string store_name;                   // "" = floe renders its own store from `provider`
  boost::json::object provider;             // the SecretStore's spec.provider (ESO's shape), when floe renders it
  std::string provider_name;                // "vault", "aws", "gcpsm": the store's name is floe-<provider>
  std::string refresh_interval = "1h";
};

// Throws FLOE_ERR_INVALID_CONFIG naming the key.
EsoSettings parse_eso_settings(const boost::json::object& config);

// {"manifests": [...], "notes"?: [...]}
boost::json::object eso_manifests(const EsoSettings& s, const std::string& ns, const std::string& secret_name,
                                  const boost::json::object& keys);

}  // namespace floe::secrets_k8s
