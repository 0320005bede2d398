// The run's telemetry: one OTLP trace per run (the run, its steps, each dbt
// node) and its metrics, exported over OTLP/HTTP (JSON encoding) to the
// destination otlp_destination.hpp resolves, in batches while the run goes.
// TRACEPARENT in the tools' environment lets dbt and dlt join the trace.
// What cannot be delivered is one FLOE-X122 warning with the count dropped.
#pragma once

#include <memory>

#include "observe/run_observer.hpp"

namespace floe::observe {

// nullptr when the platform asks for no telemetry; a warning in
// setup.report when it asks for telemetry floe cannot send.
std::unique_ptr<RunObserver> make_telemetry_observer(const ObserverSetup& setup);

}  // namespace floe::observe
