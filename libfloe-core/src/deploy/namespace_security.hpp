// The objects that isolate each namespace floe deploys into, all from the
// platform's rbac and network_security plugins: the Namespace (with the Pod
// Security Standards labels the plugin sets), default-deny policies plus
// DNS, then exactly the traffic the platform declares: its services' ports
// from the platform's namespaces, and egress to the endpoints the manifest
// names (by IP where it gives one; by port where it gives a host name, which
// a NetworkPolicy cannot match).
#pragma once

#include <boost/json/object.hpp>

#include <string>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "deploy/plugin_calls.hpp"

namespace floe {

using Objects = std::vector<boost::json::object>;

struct Endpoint {
  std::string host;
  int port = 0;
};

// "http://polaris:8181/api/catalog" -> {polaris, 8181}; the scheme's port
// when none is written; {"", 0} when it is not a URL.
Endpoint endpoint_of(const std::string& url);

Result<boost::json::object> namespace_object(SelectedPlugin& rbac, const std::string& name, const boost::json::object& labels);

// Default deny and DNS, ingress to `service_ports` from the platform's
// namespaces (none: no ingress), egress to the platform's services on
// `platform_ports` and to `external` endpoints.
Result<Objects> namespace_policies(SelectedPlugin& network, const std::string& ns, const std::string& platform,
                                   const std::vector<int>& service_ports, const std::vector<int>& platform_ports,
                                   const std::vector<Endpoint>& external);

}  // namespace floe
