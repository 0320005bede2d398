// Input ports at run time (docs/contracts.md#input-ports-at-run-time): a
// product reads another product's output port from the lake both publish
// to. Before dbt, the `inputs` step finds each port's table in the catalog
// (the producer's namespace, as its published product.json records it, or
// one dbt derived from it for a custom schema), takes its current snapshot,
// and has the compute copy exactly that snapshot into the local table the
// consumer's dbt source names (floe_lake.read_inputs on the lake target).
// The models and checks then read a copy that cannot change under them, and
// the run record names the snapshot each port was read at.
#pragma once

#include <boost/json/object.hpp>

#include <vector>

#include "plugin/registry.hpp"
#include "run/run_context.hpp"

namespace floe::run {

// True when the compiled product reads input ports that resolved
// (ports.resolved_inputs is not empty).
bool has_input_ports(const RunContext& ctx);

// The inputs step of a run that writes the lake: each port's table located
// and copied, or FLOE-X116 naming what is missing (dbt is then not started).
StepOutcome inputs_step(RunContext& ctx, Instance& dbt, const std::vector<boost::json::object>& projects);

// Said instead, once, when the run has no lake to read them from: with
// --local a warning (X117: the models read the copies an earlier run took),
// on a platform without a lake catalog an error (X116).
void report_inputs_without_lake(RunContext& ctx);

}  // namespace floe::run
