// The objects that isolate each namespace floe deploys into, all from the
// platform's rbac and network_security plugins: the Namespace (with the Pod
// Security Standards labels the plugin sets), default-deny policies plus
// DNS, then least privilege per pod (docs/deploy.md, "Network policies"):
//
// - each service workload accepts, on each of its ports, only the port's
//   `clients` (components of its own plugin's workloads) and, on the port of
//   the address the manifest gives its service (the catalog's uri, the
//   storage's endpoint, the traces and lineage endpoints), the product runs
//   and the workloads that `use` that service;
// - each workload may send exactly the mirror image of that, plus its own
//   declared egress (a collector's backend);
// - a product's run pods accept nothing and may send only to the four
//   declared services (and DNS).
//
// A destination is a rendered workload (its pods, in the services'
// namespace, on that port), another cluster-local name (any pod of the
// namespace the name gives, or of the services' namespace for a bare name),
// an IP address (that /32 or /128) or an outside host name (by port only:
// a NetworkPolicy cannot match names).
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <string>
#include <utility>
#include <vector>

#include "base/result.hpp"
#include "deploy/plugin_calls.hpp"
#include "deploy/workload.hpp"

namespace floe {

using Objects = std::vector<boost::json::object>;

struct Endpoint {
  std::string host;
  int port = 0;
};

// "http://polaris:8181/api/catalog" -> {polaris, 8181}; the scheme's port
// when none is written; {"", 0} when it is not a URL.
Endpoint endpoint_of(const std::string& url);

// A platform service at the address the manifest gives it; `service` is one
// of kWorkloadUses (workload.hpp).
struct DeclaredService {
  std::string service;
  Endpoint at;
};

// The catalog's uri, the storage's endpoint, the traces and lineage
// endpoints of the resolved manifest's values, those that are URLs.
std::vector<DeclaredService> declared_service_addresses(const boost::json::value& platform_values);

// What the policies of one deploy are drawn from.
struct PolicyScope {
  std::string services_namespace;  // where the workloads run
  std::string platform;            // the value of their app.kubernetes.io/part-of label
  std::vector<Workload> workloads;
  std::vector<DeclaredService> declared;
  std::vector<std::string> product_namespaces;  // where the product runs are
};

Result<boost::json::object> namespace_object(SelectedPlugin& rbac, const std::string& name, const boost::json::object& labels);

// The services' namespace: default deny and DNS, then `<workload>-traffic`
// per workload (one with no rules allows nothing but DNS).
Result<Objects> services_policies(SelectedPlugin& network, const PolicyScope& scope);

// A product's namespace: default deny and DNS, then `allow-platform-traffic`
// (its run pods to the declared services) when the manifest declares any.
Result<Objects> product_namespace_policies(SelectedPlugin& network, const PolicyScope& scope, const std::string& ns);

}  // namespace floe
