// The steps of a product run after its compile, in order: ingestion, the
// lake's namespace, input ports, transform, semantic layer, quality,
// contracts, and the publish (write-audit-publish: only after every check
// passed). Each step runs when the ones before it succeeded; otherwise it is
// recorded as skipped, with the reason.
#pragma once

#include <boost/json/object.hpp>

#include <string>
#include <vector>

#include "run/model_builds.hpp"
#include "run/run_context.hpp"

namespace floe::run {

// A step's name in a product of several dbt projects is "<base>:<project>".
std::string step_name(const char* base, const boost::json::object& project, std::size_t project_count);

struct StepsOutcome {
  bool failed = false;     // a step failed (the rest were skipped)
  bool cancelled = false;  // the run was stopped (Ctrl-C, --timeout) during or between steps
};

StepsOutcome run_product_steps(RunContext& ctx, const std::vector<boost::json::object>& projects, ModelBuilds& builds);

}  // namespace floe::run
