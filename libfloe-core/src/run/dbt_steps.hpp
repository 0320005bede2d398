// The dbt steps of a run, through the dbt runtime plugin the platform
// selects (plugins.dbt, default dbt-core):
//   transform: dbt build of models, seeds and snapshots, node by node;
//   quality:   dbt test, judged by the platform's quality gates
//              (block_on_failure), plus the tests the gates require that the
//              project does not declare (FLOE-E212 from the compile).
#pragma once

#include "run/run_context.hpp"

namespace floe::run {

// The dbt project's directory (absolute), and what every dbt invocation of
// the run names: project_dir, profiles_dir, the plain target, and the
// tools' environment (secrets resolved from their references).
std::string project_directory(const RunContext& ctx, const boost::json::object& project);
boost::json::object dbt_invocation(const RunContext& ctx, const boost::json::object& project);

StepOutcome transform_step(RunContext& ctx, Instance& dbt, const boost::json::object& project,
                           const std::string& step_name);
StepOutcome quality_step(RunContext& ctx, Instance& dbt, const boost::json::object& project,
                         const std::string& step_name);

}  // namespace floe::run
