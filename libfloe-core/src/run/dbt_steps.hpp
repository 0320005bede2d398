// The dbt steps of a run, through the dbt runtime plugin the platform
// selects (plugins.dbt, default dbt-core):
//   transform: dbt build of models, seeds and snapshots, node by node, and
//              of the data and unit tests too when tests_in_build says so
//              (one dbt process instead of two);
//   quality:   the tests judged by the platform's quality gates
//              (block_on_failure): those of the transform's build, or a
//              dbt test of their own; plus the tests the gates require that
//              the project does not declare (FLOE-E212 from the compile).
#pragma once

#include "run/run_context.hpp"

namespace floe::run {

// The dbt project's directory (absolute), and what every dbt invocation of
// the run names: project_dir, profiles_dir, the plain target, and the
// tools' environment (secrets resolved from their references).
std::string project_directory(const RunContext& ctx, const boost::json::object& project);
boost::json::object dbt_invocation(const RunContext& ctx, const boost::json::object& project);

// Whether a run's tests go into the transform's dbt build. dbt build skips
// the models downstream of a test that fails, which is what blocking gates
// ask for anyway (nothing is published after a failed test). So it is only
// when every failing test blocks: the gates block (block_on_failure, the
// default), the quality plugin if any downgrades no test kind (severity),
// and the runtime is dbt-core, whose build the plugin was verified with.
bool tests_in_build(const RunContext& ctx);

// `with_tests`: the build also runs the data and unit tests; their nodes are
// the quality step's to judge. `response` receives dbt's answer (nodes,
// run_results_path, manifest_path) when the build ran.
StepOutcome transform_step(RunContext& ctx, Instance& dbt, const boost::json::object& project,
                           const std::string& step_name, bool with_tests = false,
                           boost::json::object* response = nullptr);
// `built`: the transform's answer when its build ran the tests (no further
// dbt process); nullptr runs dbt test.
StepOutcome quality_step(RunContext& ctx, Instance& dbt, const boost::json::object& project,
                         const std::string& step_name, const boost::json::object* built = nullptr);

}  // namespace floe::run
