// What every pod floe deploys gets from the platform's security plugins
// (network_security: the pod and container security contexts, the volumes
// behind writable paths), asked once per deploy and applied to each pod.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "deploy/plugin_calls.hpp"

namespace floe {

struct PodHardening {
  boost::json::object pod_security_context;
  boost::json::object container_security_context;
  SelectedPlugin* network = nullptr;  // asked for writable volumes per pod

  static Result<PodHardening> ask(SelectedPlugin& network);

  // Volumes and mounts for `paths` (an emptyDir each, as the plugin says).
  Result<std::pair<boost::json::array, boost::json::array>> writable(const std::vector<std::string>& paths) const;

  // The pod's context, with the image's user when the workload names one
  // (images such as PostgreSQL's run as their own uid).
  boost::json::object pod_context(std::optional<long> run_as_user) const;
};

}  // namespace floe
