// Layer 4: each data product deployed on the platform runs as a CronJob (a
// Job when it declares no schedule) in a namespace of its own, as its own
// service account, reading only its own Secret. What it runs is `floe run`
// of the product inside its image, with the requests and limits of the
// platform's compute preset.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <map>
#include <string>

#include "deploy/workload.hpp"

namespace floe {

struct ProductJob {
  std::string product_file;  // as given
  std::string product, domain, version;
  std::string namespace_name;  // k8s_label_name(<domain>-<product>), or of <product> without a domain
  std::string job_name;        // k8s_label_name(<product>)
  std::string image;
  bool scheduled = false, enabled = true;
  std::string cron, timezone;
  std::map<std::string, boost::json::value> secret_env;  // NAME -> the manifest's reference
  WorkloadResources resources;
};

// The job of a product from its compiled artifacts; `image` as given (the
// caller's default when the request names none).
ProductJob product_job(const std::string& product_file, const boost::json::object& artifacts, const std::string& image);

}  // namespace floe
