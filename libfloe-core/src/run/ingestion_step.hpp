// The ingestion steps of a run: each of floe.yaml's ingestion.sources, loaded
// by the platform's ingestion plugin (plugins.ingestion, e.g. dlt) into the
// destination the compute plugin names (get_ingestion_destination), one step
// per source ("ingestion:<source>"), before any dbt runs.
#pragma once

#include "run/run_context.hpp"

namespace floe::run {

// Runs every selected source; returns false when one failed (the run then
// skips dbt). Sources are skipped, with a warning, when the platform selects
// no ingestion plugin.
bool ingestion_steps(RunContext& ctx, const std::function<bool(const std::string&)>& proceed);

}  // namespace floe::run
