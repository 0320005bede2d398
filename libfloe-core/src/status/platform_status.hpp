// `floe platform status`: for a resolved platform, asks each service it
// declares whether it answers, from this machine, all at once and each
// within a bounded time: the OCI registry (/v2/), the Iceberg catalog
// (/v1/config), the OTLP collector and the lineage server (their
// endpoints). A service that answers with any HTTP status below 500 is up
// (401: up, credentials needed); no connection, a timeout or a 5xx is a
// FLOE-R910 error naming it.
#pragma once

#include <boost/json/value.hpp>

#include <string>

#include "diag/compile_report.hpp"
#include "kube/cluster.hpp"
#include "resolve/platform_source.hpp"

namespace floe {

struct PlatformStatusRequest {
  std::string manifest_path = "manifest.yaml";
  long timeout_ms = 3000;  // per service, connecting and answering together
  // With a cluster (--kubeconfig/--context): the platform's workloads are read
  // from the API server, and a service whose address is a cluster-local name
  // (http://polaris:8181, *.svc) is judged by its workload there, not by an
  // HTTP request from this machine (which could not resolve the name).
  bool cluster = false;
  KubeAccess kube;
  PlatformSourceOptions sources;
};

// `result`: {"services": [{"service", "plugin", "endpoint", "status": "up"|"down"|"timeout"|"error",
// "latency_ms", "http_status"?, "version"?, "message"?}], "cluster"?: {"server_version",
// "workloads": [{"kind", "namespace", "name", "state", "healthy", "desired"?, "updated"?, "ready"?,
// "available"?, "schedule"?, "last_schedule"?, "last_success"?, "waiting_pods": [str], "message"?}]}},
// the services in the order above. An unhealthy workload is FLOE-R913; no
// cluster answering, FLOE-R911.
CompileReport platform_status(const PlatformStatusRequest& request, boost::json::value& result);

}  // namespace floe
