// `floe run` and `floe test`: compile the product (every guardrail applies),
// then execute it through the plugins the platform selects: ingestion
// sources, the dbt transforms, the quality checks. Every step is reported as
// it goes (events), every finding lands in the report, and
// target/floe_run.json records the run step by step (docs/run.md).
#pragma once

#include <boost/json/object.hpp>

#include <functional>

#include "diag/compile_report.hpp"
#include "run/run_request.hpp"

namespace floe::run {

struct RunCaller {
  std::function<void(const boost::json::object& event)> on_event;  // may be empty
  std::function<bool()> cancelled;                                  // may be empty
};

struct RunOutput {
  CompileReport report;          // the compile's stages and findings, then one stage per step
  boost::json::object record;    // what target/floe_run.json holds
};

RunOutput run_product(const RunRequest& request, const RunCaller& caller);

}  // namespace floe::run
