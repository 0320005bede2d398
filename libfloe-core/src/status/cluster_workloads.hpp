// `floe platform status --kubeconfig`: what the cluster says of the
// workloads `floe platform deploy --apply` put there for one platform (the
// objects labelled floe.dev/platform=<platform>): each Deployment's and
// StatefulSet's rollout (desired, updated, ready, available replicas), each
// CronJob's last schedule and result, each Job's outcome, and for every pod
// that is not running, why (the scheduler's or the kubelet's reason, or that
// no node has taken it).
#pragma once

#include <boost/json/array.hpp>

#include <string>
#include <vector>

#include "base/result.hpp"
#include "kube/cluster.hpp"

namespace floe {

struct WorkloadStatus {
  std::string kind, ns, name;
  std::string state;  // "available", "progressing", "unavailable", "scheduled", "suspended", "active", "complete", "failed"
  bool healthy = false;
  std::int64_t desired = 0, updated = 0, ready = 0, available = 0;  // Deployments, StatefulSets
  std::string schedule, last_schedule, last_success;                // CronJobs
  std::vector<std::string> waiting_pods;                            // "dagster-webserver-5c9f-x2x: Pending: ..."
  std::string message;                                              // one line: why it is not healthy
};

// Reads the platform's workloads and their pods (two kubectl calls).
Result<std::vector<WorkloadStatus>> cluster_workloads(const KubeAccess& access, const std::string& platform_label, long timeout_ms);

boost::json::array workloads_json(const std::vector<WorkloadStatus>& workloads);

}  // namespace floe
