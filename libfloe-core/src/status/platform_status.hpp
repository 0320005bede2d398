// `floe platform status`: for a resolved platform, asks each service it
// declares whether it answers, from this machine, all at once and each
// within a bounded time: the OCI registry (/v2/), the Iceberg catalog
// (/v1/config), the OTLP collector and the lineage server (their
// endpoints). A service that answers with any HTTP status below 500 is up
// (401: up, credentials needed); no connection, a timeout or a 5xx is a
// FLOE-R910 error naming it.
#pragma once

#include <boost/json/value.hpp>

#include <string>

#include "diag/compile_report.hpp"
#include "resolve/platform_source.hpp"

namespace floe {

struct PlatformStatusRequest {
  std::string manifest_path = "manifest.yaml";
  long timeout_ms = 3000;  // per service, connecting and answering together
  PlatformSourceOptions sources;
};

// `result`: {"services": [{"service", "plugin", "endpoint", "status": "up"|"down"|"timeout"|"error",
// "latency_ms", "http_status"?, "version"?, "message"?}]}, in the order above.
CompileReport platform_status(const PlatformStatusRequest& request, boost::json::value& result);

}  // namespace floe
