// What the polaris catalog runs in the platform's cluster (get_k8s_workloads,
// floe platform deploy): an Apache Polaris server when the catalog's uri is
// a cluster-local address (http://polaris:8181/api/catalog). The plain `rest`
// catalog, or an outside address, runs nothing here.
#ifndef FLOE_CATALOG_REST_POLARIS_WORKLOAD_HPP
#define FLOE_CATALOG_REST_POLARIS_WORKLOAD_HPP

#include <boost/json.hpp>

#include "catalog_settings.hpp"
#include "variant.hpp"

namespace floe::catalog_rest {

boost::json::value catalog_workloads(const variant& v, const catalog_settings& settings, const boost::json::object& request);

}  // namespace floe::catalog_rest

#endif
