// Reading Secrets through the Kubernetes API: GET (and list) in one
// namespace, with a bearer token read from a file on every call (projected
// service account tokens rotate), bounded in time. Errors name the Secret
// and the namespace, never a value or the token.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace floe::secrets_k8s {

struct K8sApiConfig {
  std::string api_server = "https://kubernetes.default.svc";
  std::string namespace_name;  // "" = the pod's (the service account's namespace file), else "default"
  std::string token_file = "/var/run/secrets/kubernetes.io/serviceaccount/token";
  std::string ca_file = "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt";
  long timeout_ms = 5000;
};

class K8sApi {
 public:
  explicit K8sApi(K8sApiConfig config);
  const K8sApiConfig& config() const { return config_; }

  // The Secret's data, decoded. Throws floe::sdk::error: NOT_FOUND,
  // UNAUTHORIZED, TIMEOUT or NETWORK, naming the Secret.
  std::map<std::string, std::string> read(const std::string& secret) const;
  // Names of the namespace's Secrets starting with `prefix`.
  std::vector<std::string> list(const std::string& prefix) const;

 private:
  std::string get(const std::string& path, const std::string& what) const;
  K8sApiConfig config_;
};

}  // namespace floe::secrets_k8s
