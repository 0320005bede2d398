// Where a run's telemetry goes, decided once before the first step:
//   1. observability.traces.enabled: false -> nowhere, silently;
//   2. a telemetry_backend plugin the platform selects, when installed: its
//      get_otlp_exporter_config answer (given the platform's traces endpoint
//      and protocol, which its own config may override, and the selection's
//      secret references);
//   3. else observability.traces.endpoint (the compiled artifacts' telemetry.traces);
//   4. else nowhere, silently (the platform asks for no telemetry).
// floe exports OTLP/HTTP with the JSON encoding: a gRPC destination, a
// plugin that fails, or a secret header that cannot be resolved is a
// warning and no telemetry, never a failed run.
#pragma once

#include <boost/json/object.hpp>

#include <optional>
#include <string>

#include "observe/telemetry/otlp_exporter.hpp"
#include "plugin/registry.hpp"

namespace floe::observe::telemetry {

struct Destination {
  ExportSettings settings;
  std::string endpoint;  // as configured, for messages
  std::string chosen_by;  // "the telemetry_backend plugin 'jaeger'" or "observability.traces.endpoint"
};

// nullopt with `warning` empty: telemetry is not asked for. nullopt with a
// warning: it is asked for and cannot be sent (the warning says why, and
// never carries a secret value).
std::optional<Destination> resolve_destination(const boost::json::object& artifacts, Registry& registry,
                                               std::string& warning);

// "<endpoint>/v1/<signal>" as OTLP exporters build signal URLs from a base
// endpoint (one trailing slash of the base is dropped).
std::string signal_url(std::string endpoint, const char* signal);

}  // namespace floe::observe::telemetry
