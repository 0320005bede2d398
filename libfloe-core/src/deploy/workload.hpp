// A workload a plugin contributes to a platform's deployment (its answer to
// get_k8s_workloads, docs/plugins/<category>.md), read strictly: the host
// renders it, so everything it holds must be something the host can render
// safely. A plugin cannot ask for privileges: security contexts, service
// accounts and network policies are the host's (through the platform's rbac
// and network_security plugins), never the workload's.
#pragma once

#include <boost/json/value.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/result.hpp"

namespace floe {

struct WorkloadPort {
  std::string name;
  int port = 0;
  // The components of the same plugin's workloads that connect to this port
  // ("clients"): only they may, apart from the product runs and the
  // workloads that use the service when this port is the one the manifest's
  // address of the service names (namespace_security.hpp). None: no pod.
  std::vector<std::string> clients;
};

struct WorkloadResources {
  std::string cpu_request, cpu_limit, memory_request, memory_limit;
};

struct Workload {
  std::string plugin;      // "orchestrator/dagster": who contributed it
  std::string name;        // a DNS-1123 label, unique in the platform's namespace
  std::string component;   // "webserver", "daemon", ...
  std::string image;
  std::vector<std::string> command, args;
  int replicas = 1;
  std::vector<WorkloadPort> ports;
  std::map<std::string, std::string> env;
  std::map<std::string, boost::json::value> secret_env;  // NAME -> the manifest's reference
  std::string config_mount;                              // where config_files are mounted
  std::map<std::string, std::string> config_files;       // file name -> content
  std::vector<std::string> writable_paths;
  std::optional<std::pair<std::string, std::string>> persistent;  // path, size
  std::optional<std::pair<std::string, int>> health;             // HTTP path, port
  std::optional<WorkloadResources> resources;
  std::optional<long> run_as_user;
  std::vector<std::pair<std::string, int>> egress;  // host, port the workload's own config names (its backend)
  // The platform's services this workload connects to at the manifest's
  // addresses: any of kWorkloadUses ("uses"). The product runs use them all.
  std::vector<std::string> uses;
};

// What a workload's "uses" may name: the services the manifest gives an
// address for (plugins.catalog.config.uri, plugins.storage.config.endpoint,
// observability.traces.endpoint, observability.lineage.endpoint).
inline constexpr const char* kWorkloadUses[] = {"catalog", "storage", "telemetry", "lineage"};

// The workloads of one get_k8s_workloads answer and its notes; an error
// (FLOE_ERR_PLUGIN_FAILED) names the first key that is not what the ABI
// promises.
struct Contribution {
  std::vector<Workload> workloads;
  std::vector<std::string> notes;
};
Result<Contribution> read_workloads(const std::string& plugin, const boost::json::value& answer);

}  // namespace floe
