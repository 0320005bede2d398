// Whether an address a manifest gives for a service names something inside
// the Kubernetes cluster the platform deploys to ("http://polaris:8181",
// "http://minio.lake.svc:9000"): then the service's plugin contributes the
// workload that serves it (get_k8s_workloads), named as the address's host
// so the address resolves to it. An outside address ("https://s3.amazonaws.com",
// "http://10.0.0.5:9000") is a service that runs elsewhere. Header-only: plugins
// that do not link floe_plugin_support include it too.
#pragma once

#include <cstdlib>
#include <optional>
#include <string>

namespace floe::plugin_support {

struct cluster_address {
  std::string service;  // the Service name: the host's first label
  int port = 0;
};

inline std::optional<cluster_address> in_cluster(const std::string& url) {
  auto scheme_end = url.find("://");
  std::string rest = scheme_end == std::string::npos ? url : url.substr(scheme_end + 3);
  std::string scheme = scheme_end == std::string::npos ? "" : url.substr(0, scheme_end);
  std::string authority = rest.substr(0, rest.find_first_of("/?#"));
  if (auto at = authority.rfind('@'); at != std::string::npos) authority = authority.substr(at + 1);
  if (authority.empty() || authority[0] == '[') return std::nullopt;
  std::string host = authority;
  int port = scheme == "https" ? 443 : 80;
  if (auto colon = authority.rfind(':'); colon != std::string::npos) {
    host = authority.substr(0, colon);
    port = std::atoi(authority.c_str() + colon + 1);
  }
  if (host.empty() || port <= 0 || port > 65535 || host == "localhost") return std::nullopt;
  auto ends_with = [&](const std::string& suffix) {
    return host.size() > suffix.size() && host.compare(host.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  bool local = host.find('.') == std::string::npos || ends_with(".svc") || ends_with(".svc.cluster.local");
  bool numeric = host.find_first_not_of("0123456789.") == std::string::npos;
  if (!local || numeric) return std::nullopt;
  std::string service = host.substr(0, host.find('.'));
  for (char c : service)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return std::nullopt;
  return cluster_address{service, port};
}

}  // namespace floe::plugin_support
