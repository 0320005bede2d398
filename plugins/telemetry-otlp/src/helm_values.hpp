// Helm values that deploy (or point a cluster's collector at) the backend:
// the chart each backend is usually run with, and the values floe's
// settings imply. Secrets stay references: the collector reads them with
// its ${env:NAME} / ${file:/path} configuration providers.
#ifndef FLOE_TELEMETRY_OTLP_HELM_VALUES_HPP
#define FLOE_TELEMETRY_OTLP_HELM_VALUES_HPP

#include <boost/json.hpp>

#include "backend_config.hpp"
#include "variant.hpp"

namespace floe::telemetry_otlp {

// The get_helm_values answer: {"chart": {"repository", "name"}, "values": {...}}.
boost::json::object helm_values(const variant& v, const backend_config& config, const exporter_settings& settings);

}  // namespace floe::telemetry_otlp

#endif  // FLOE_TELEMETRY_OTLP_HELM_VALUES_HPP
