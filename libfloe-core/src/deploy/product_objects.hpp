// A product's Layer 4 objects in its namespace: its service account, a Role
// that may read its own Secret and nothing else, the binding, and the
// CronJob (or Job) that runs `floe run` in the product's image.
#pragma once

#include <boost/json/object.hpp>

#include <string>
#include <vector>

#include "base/result.hpp"
#include "deploy/plugin_calls.hpp"
#include "deploy/pod_hardening.hpp"
#include "deploy/product_jobs.hpp"
#include "deploy/value_slots.hpp"

namespace floe {

struct ProductPlacement {
  std::string platform;
  std::string secret_name;               // "" when the product reads no secret
  std::vector<std::string> writable;     // absolute paths in the image that floe run writes
  // The platform's services' namespace: the manifest names services by
  // bare host (http://polaris:8181), which resolves in the pod's own
  // namespace first, so the run's DNS searches this one too.
  std::string services_namespace;
};

Result<std::vector<boost::json::object>> product_objects(const ProductJob& job, const ProductPlacement& where,
                                                         SelectedPlugin& rbac, const PodHardening& hardening,
                                                         ValueSlots& slots);

}  // namespace floe
