// A plugin's workload as Kubernetes objects, hardened the same way for every
// plugin: its own service account (no token mounted), a read-only root file
// system with emptyDirs where it writes, the platform's security contexts,
// requests and limits, probes, a ConfigMap for its files and a Service for
// its ports. A workload with persistent data is a StatefulSet.
#pragma once

#include <boost/json/object.hpp>

#include <string>
#include <vector>

#include "base/result.hpp"
#include "deploy/pod_hardening.hpp"
#include "deploy/value_slots.hpp"
#include "deploy/workload.hpp"

namespace floe {

struct WorkloadPlacement {
  std::string namespace_name;
  std::string platform;     // app.kubernetes.io/part-of
  std::string secret_name;  // the Secret its secret_env reads
  boost::json::object service_account;  // the rbac plugin's ServiceAccount, named as the workload
};

// The objects, in a stable order (ServiceAccount, ConfigMap, Deployment or
// StatefulSet, Service).
Result<std::vector<boost::json::object>> workload_objects(const Workload& w, const WorkloadPlacement& where,
                                                          const PodHardening& hardening, ValueSlots& slots);

// The labels floe puts on what it deploys for `name`.
boost::json::object workload_labels(const std::string& name, const std::string& component, const std::string& platform);

// Requests and limits as Kubernetes writes them, each a slot under `path`.
boost::json::object resource_block(const WorkloadResources& r, const std::vector<std::string>& path, ValueSlots& slots);

}  // namespace floe
