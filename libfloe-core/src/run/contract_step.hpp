// [contracts] A run's last step: what the product's output ports promise in
// their ODCS data contracts, checked on the tables it built (docs/contracts.md
// #checks-at-run-time). The contract's freshness SLA (the newest row of its
// column, or the model's last successful build), row counts and the quality
// rules of type library and sql, all measured in one `dbt show` query on the
// product's target through the dbt runtime plugin. A failed check is
// FLOE-X111 (an error for rules of severity error, else a warning), a check
// floe cannot run FLOE-X112 (a warning); every result is published as a
// contract_check event, which lineage reports as a data-quality assertion.
#pragma once

#include <vector>

#include "run/model_builds.hpp"
#include "run/run_context.hpp"

namespace floe::run {

// Whether an output port of the product names an ODCS contract file.
bool has_port_contracts(const RunContext& ctx);

StepOutcome contract_step(RunContext& ctx, Instance& dbt, const std::vector<boost::json::object>& projects,
                          const ModelBuilds& builds);

}  // namespace floe::run
