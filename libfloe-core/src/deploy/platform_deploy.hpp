// `floe platform deploy`: a resolved platform's Layer 3 services and the
// Layer 4 jobs of the products given, rendered as Kubernetes manifests (or a
// Helm chart whose default values template to the same objects), each
// service contributed by its plugin (get_k8s_workloads), hardened and
// isolated by the platform's rbac and network_security plugins, its secrets
// made readable by the secrets plugin (references only). Written atomically;
// the same inputs give byte-identical files. --apply hands the directory to
// `kubectl apply --server-side`. docs/deploy.md#platform-deploy.
#pragma once

#include <boost/json/value.hpp>

#include <map>
#include <string>
#include <vector>

#include "diag/compile_report.hpp"
#include "kube/cluster.hpp"
#include "resolve/platform_source.hpp"

namespace floe {

struct PlatformDeployRequest {
  std::string manifest_path = "manifest.yaml";
  std::vector<std::string> products;         // floe.yaml files whose runs become Jobs / CronJobs
  std::string output_dir;                    // "" = deploy/ beside the manifest
  std::string format = "kubernetes";         // or "helm"
  std::string namespace_name;                // the services' namespace; "" = the platform's name
  std::map<std::string, std::string> images; // product or workload name -> image; default <product>:<version>, the plugin's
  std::map<std::string, std::string> sizes;  // product name -> workload size of its compute preset; default "small"
  bool require_digests = false;              // every image must be NAME@sha256:...
  // What is done with the cluster (Kubernetes format only): apply (server-side,
  // field manager "floe"), optionally as a server-side dry run, pruning this
  // platform's objects that were not rendered; or only a diff against it.
  bool apply = false, dry_run = false, prune = false, force_conflicts = false, diff = false;
  KubeAccess kube;
  long apply_timeout_ms = 120000;
  std::string plugin_roots;
  PlatformSourceOptions sources;
};

// `result`: {"format", "output_dir", "namespace", "files": [str], "objects":
// [{"file", "kind", "namespace"?, "name"}], "services": [{"plugin", "workloads":
// [str]}], "products": [{"product", "namespace", "kind", "name", "resources"}], "notes": [str],
// "applied": bool, "cluster"?: {"server_version", "dry_run", "applied": [str], "refused": [str],
// "changed": [str], "pruned": [str], "diff"?: str}}.
CompileReport platform_deploy(const PlatformDeployRequest& request, boost::json::value& result);

}  // namespace floe
