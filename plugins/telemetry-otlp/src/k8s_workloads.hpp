// What a telemetry backend runs in the platform's cluster (get_k8s_workloads,
// floe platform deploy) when the platform's traces endpoint is a
// cluster-local address: Jaeger v2 all-in-one for `jaeger` (it receives OTLP
// itself), else an OpenTelemetry Collector that receives OTLP there and
// forwards to the backend the plugin's config names (its credentials as
// environment variables from the platform's Secret, never values). An
// outside address: nothing to run.
#ifndef FLOE_TELEMETRY_OTLP_K8S_WORKLOADS_HPP
#define FLOE_TELEMETRY_OTLP_K8S_WORKLOADS_HPP

#include <boost/json.hpp>

#include "backend_config.hpp"
#include "variant.hpp"

namespace floe::telemetry_otlp {

boost::json::value k8s_workloads(const variant& v, const backend_config& config, const boost::json::object& request);

}  // namespace floe::telemetry_otlp

#endif
