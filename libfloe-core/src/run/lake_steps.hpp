// The steps of a run that writes the product's tables to the platform's
// Iceberg catalog (compiled_artifacts.json's dbt.lake, unless --local):
//
//   lake:       before dbt: the catalog answers (connect), the product's
//               namespace exists (created when missing), and the compute
//               plugin's materialization package is installed into each dbt
//               project's dbt_packages/ (dbt then commits every table model
//               to the catalog, docs/iceberg.md#products-write-iceberg);
//   governance: after dbt: each model committed to the catalog gets the
//               platform's governance as table properties (classification
//               and PII columns, owner, retention as Iceberg's
//               history.expire.* keys), and a model dbt placed outside the
//               product's namespace fails the run (FLOE-W107).
#pragma once

#include <boost/json/object.hpp>

#include "run/run_context.hpp"

namespace floe::run {

// True when the run's dbt steps use the lake target: floe run (not floe
// test) of a product whose platform has a lake, without --local.
bool writes_lake(const RunContext& ctx);

// What the dbt steps add to their request for the lake target: the target
// and the variables the materializations read (FLOE_LAKE_DATABASE,
// FLOE_LAKE_NAMESPACE).
void add_lake_target(const RunContext& ctx, boost::json::object& dbt_request);

StepOutcome lake_step(RunContext& ctx, const std::vector<boost::json::object>& projects);
StepOutcome governance_step(RunContext& ctx, const boost::json::object& project, const std::string& step_name);

}  // namespace floe::run
