// [semantic] After dbt built the models: the platform's semantic layer
// (plugins.semantic_layer: cube, dbt, ...) rewrites its definitions of the
// product's models from the manifest.json dbt just wrote, into target/
// semantic/ beside floe.yaml (docs/plugins/semantic_layer.md). A layer that
// cannot is a FLOE-X114 warning: the data was built all the same.
#pragma once

#include <vector>

#include "run/run_context.hpp"

namespace floe::run {

bool has_semantic_layer(const RunContext& ctx);

StepOutcome semantic_step(RunContext& ctx, const std::vector<boost::json::object>& projects);

}  // namespace floe::run
