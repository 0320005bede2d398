// Who follows a run besides its caller: the run's telemetry (OTLP traces and
// metrics) and its lineage (OpenLineage run events), each set up from the
// compiled artifacts and the platform's plugins before the first step, fed
// every event of the run in order, and closed (flushed) at its end. An
// observer never fails a run: what it cannot deliver it reports as a warning.
// The interface lives below run/ so that the observers (observe/telemetry,
// observe/lineage) can implement it; run/run_observers.cpp builds them.
#pragma once

#include <boost/json/object.hpp>

#include <map>
#include <string>

#include "diag/compile_report.hpp"
#include "plugin/registry.hpp"

namespace floe::observe {

class RunObserver {
 public:
  virtual ~RunObserver() = default;
  // Variables the run's tools (dbt, dlt) get, e.g. TRACEPARENT so their own
  // spans join the run's trace. Called once, before the first step.
  virtual void add_tool_environment(std::map<std::string, std::string>& env) { (void)env; }
  virtual void on_event(const boost::json::object& event) = 0;
  // After run_finished: deliver what is buffered, within the observer's own
  // time bound.
  virtual void close() {}
};

struct ObserverSetup {
  const boost::json::object& artifacts;  // target/compiled_artifacts.json
  Registry& registry;                    // the run's plugins (telemetry_backend, lineage_backend, ...)
  CompileReport& report;                 // where an observer's warnings go
  std::string run_id;
  std::string product_dir;
};

}  // namespace floe::observe
