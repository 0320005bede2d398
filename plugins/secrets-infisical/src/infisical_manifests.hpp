// What floe platform deploy gets from the infisical plugin
// (generate_secret_manifests): one InfisicalSecret of the Infisical Operator
// (secrets.infisical.com/v1alpha1) per namespace, which syncs the platform's
// references into the Kubernetes Secret the workloads read. Each reference
// becomes a template entry of that Secret ({{ .NAME.Value }}), read from
// the one folder that holds every reference (recursively when they are in
// several). Never a value: the operator reads them, with credentials from a
// Kubernetes Secret created out of band (the notes say which keys it needs).
#pragma once

#include <boost/json.hpp>

#include <string>

#include "infisical_config.hpp"

namespace floe::secrets_infisical {

// {"manifests": [...], "notes": [...]}; throws FLOE_ERR_INVALID_ARGUMENT
// naming the entry of `keys` that is not a reference floe can map.
boost::json::object infisical_manifests(const InfisicalConfig& config, const std::string& ns,
                                        const std::string& secret_name, const boost::json::object& keys);

}  // namespace floe::secrets_infisical
