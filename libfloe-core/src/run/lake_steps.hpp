// The steps of a run that writes the product's tables to the platform's
// Iceberg catalog (compiled_artifacts.json's dbt.lake, unless --local):
//
//   lake:       before dbt: the catalog answers (connect), the storage takes
//               the run's credentials (validate_connection), the product's
//               namespace exists (created when missing), and the compute
//               plugin's dbt package (floe_lake) is installed into each dbt
//               project's dbt_packages/;
//   transform:  dbt build as always, on the plain target;
//   (the data tests, quality gates and contract checks judge the local copies)
//   publish:    only after the checks passed (write-audit-publish): the
//               table models dbt built are committed to the
//               catalog (dbt run-operation floe_lake.commit_tables on the
//               lake target: docs/iceberg.md#products-write-iceberg), then
//               each gets the platform's governance as table properties
//               (classification and PII columns, owner, retention as
//               Iceberg's history.expire.* keys); a model dbt placed outside
//               the product's namespace fails the step (FLOE-W107).
#pragma once

#include <boost/json/object.hpp>

#include "run/run_context.hpp"

namespace floe::run {

// True when the run writes the lake: floe run (not floe test) of a product
// whose platform has a lake, without --local, that runs dbt (an
// ingestion-only selection does not).
bool writes_lake(const RunContext& ctx);

// The profile target the run's dbt steps use: the lake's, or the plain one.
std::string dbt_target(const RunContext& ctx);

// A dbt invocation on the lake target (floe's run-operations: reading input
// ports, the publish). It keeps its own target directory,
// target/floe_lake/: dbt's partial parsing is keyed by the target, so sharing
// target/ with the plain target's build would make every switch between the
// two a full parse of the project (about 2 s for customer-360), each way.
boost::json::object lake_invocation(const RunContext& ctx, const boost::json::object& project);

StepOutcome lake_step(RunContext& ctx, const std::vector<boost::json::object>& projects);
// After dbt build: the table models it built go to the catalog (the dbt
// runtime's run_operation of floe_lake.commit_tables on the lake target),
// then each gets the platform's governance as table properties.
// `built`: the project's run_results.json as the transform step left it
// (the checks that run between rewrite the file), null when it could not be
// read.
StepOutcome publish_step(RunContext& ctx, Instance& dbt, const boost::json::object& project, const std::string& step_name,
                         const boost::json::value& built);

// The project's target/run_results.json as dbt just wrote it (null when
// missing or unreadable): what publish_step commits.
boost::json::value read_build_results(const RunContext& ctx, const boost::json::object& project);

}  // namespace floe::run
