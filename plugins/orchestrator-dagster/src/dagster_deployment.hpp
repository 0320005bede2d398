// What Dagster runs in the platform's cluster (get_k8s_workloads, floe
// platform deploy): the webserver and the daemon, sharing a PostgreSQL
// instance database, and one gRPC code server per product, served from the
// product's own image (which holds the code location `floe compile
// --orchestrator-out /product/dagster` wrote).
#pragma once

#include <boost/json.hpp>

#include <string>

namespace floe::orchestrator_dagster {

struct deployment_settings {
  std::string image = "docker.io/dagster/dagster-k8s:1.13.27";
  std::string postgres_image = "docker.io/library/postgres:16.4";
  std::string postgres_storage = "8Gi";
};

boost::json::value dagster_workloads(const deployment_settings& settings, const boost::json::object& request);

}  // namespace floe::orchestrator_dagster
