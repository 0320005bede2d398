#include "run/product_steps.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <map>

#include "core/json_path.hpp"
#include "run/contract_step.hpp"
#include "run/dbt_steps.hpp"
#include "run/ingestion_step.hpp"
#include "run/input_step.hpp"
#include "run/lake_steps.hpp"
#include "run/semantic_step.hpp"

namespace floe::run {
namespace json = boost::json;

namespace {

// Whether the next step may run, and the record of those that may not.
class StepSequence {
 public:
  explicit StepSequence(RunContext& ctx) : ctx_(ctx) {}

  void skip(const std::string& name, const std::string& kind, const std::string& why) {
    run_step(ctx_, name, kind, fmt::format("Skipping {}", name), [&](Stage& stage, StepOutcome& o) {
      o.status = StepStatus::skipped;
      o.message = why;
      stage.lines.push_back({"info", why});
    });
  }
  // True when `name` may run; otherwise it is recorded as skipped.
  bool proceed(const std::string& name, const std::string& kind) {
    if (!outcome_.cancelled && ctx_.cancelled()) outcome_.cancelled = true;
    if (outcome_.cancelled) {
      skip(name, kind, "the run was stopped before this step");
      return false;
    }
    if (outcome_.failed) {
      skip(name, kind, "an earlier step failed");
      return false;
    }
    return true;
  }
  void record(const StepOutcome& o) {
    if (o.status == StepStatus::cancelled) outcome_.cancelled = true;
    if (o.status == StepStatus::failed) outcome_.failed = true;
  }
  void fail() { outcome_.failed = true; }
  bool failed() const { return outcome_.failed; }
  bool cancelled() const { return outcome_.cancelled; }
  StepsOutcome outcome() const { return outcome_; }

 private:
  RunContext& ctx_;
  StepsOutcome outcome_;
};

}  // namespace

std::string step_name(const char* base, const json::object& project, std::size_t project_count) {
  return project_count == 1 ? std::string(base) : fmt::format("{}:{}", base, string_at(project, {"name"}));
}

StepsOutcome run_product_steps(RunContext& ctx, const std::vector<json::object>& projects, ModelBuilds& builds) {
  const RunRequest& request = ctx.request;
  const Selection& selection = ctx.selection;
  const bool runs = request.operation == Operation::run;
  StepSequence steps(ctx);
  if (ctx.report.diagnostics.has_errors()) steps.fail();
  auto name_of = [&](const char* base, const json::object& project) { return step_name(base, project, projects.size()); };

  Instance* dbt = nullptr;
  if (selection.runs_dbt && !steps.failed()) {
    dbt = open_selected_plugin(ctx, "dbt", "core", true);
    if (dbt == nullptr) steps.fail();
  }
  // --changed is the edit loop over the code: the data is not reloaded.
  if (runs && selection.runs_ingestion && !request.changed && !steps.failed() && !ctx.cancelled())
    if (!ingestion_steps(ctx, [&](const std::string& name) { return steps.proceed(name, "ingestion"); }) ||
        ctx.report.diagnostics.has_errors())
      steps.fail();
  bool lake = writes_lake(ctx);  // floe run with dbt, a lake, no --local
  std::map<std::string, json::value> built;  // transform step -> its run_results.json, for the publish
  if (lake && steps.proceed("lake", "catalog")) steps.record(lake_step(ctx, projects));
  // Input ports: the producers' tables, read from the lake before dbt.
  if (runs && selection.runs_dbt && has_input_ports(ctx)) {
    if (lake && steps.proceed("inputs", "catalog")) {
      steps.record(inputs_step(ctx, *dbt, projects));
    } else if (!lake && !steps.failed()) {
      report_inputs_without_lake(ctx);
      if (ctx.report.diagnostics.has_errors()) steps.fail();
    }
  }
  // Models and tests in one dbt build where the gates allow it (one dbt
  // start instead of two); the quality step then judges the build's tests.
  const bool one_build = runs && selection.runs_dbt && tests_in_build(ctx);
  std::map<std::string, json::object> test_runs;  // quality step -> the build that ran its tests
  if (runs && selection.runs_dbt) {
    for (const auto& project : projects) {
      std::string name = name_of("transform", project);
      if (!steps.proceed(name, "transform")) continue;
      json::object response;
      steps.record(transform_step(ctx, *dbt, project, name, one_build, &response));
      if (one_build && response.contains("nodes")) test_runs[name_of("quality", project)] = std::move(response);
      if (lake) built[name] = read_build_results(ctx, project);
    }
  }
  if (runs && selection.runs_dbt && has_semantic_layer(ctx) && steps.proceed("semantic", "semantic"))
    steps.record(semantic_step(ctx, projects));
  if (selection.runs_dbt && request.run_tests) {
    for (const auto& project : projects) {
      std::string name = name_of("quality", project);
      if (!steps.proceed(name, "quality")) continue;
      auto tested = test_runs.find(name);
      steps.record(quality_step(ctx, *dbt, project, name, tested != test_runs.end() ? &tested->second : nullptr));
    }
  }
  if (selection.runs_dbt && request.run_contracts && dbt != nullptr && has_port_contracts(ctx) &&
      steps.proceed("contracts", "contract"))
    steps.record(contract_step(ctx, *dbt, projects, builds));
  // Write-audit-publish: dbt built and the checks judged the local copies;
  // only a run whose tests, quality gates and contract checks passed makes
  // its tables visible in the lake. A failed check leaves every table's
  // current snapshot as it was (docs/iceberg.md#write-audit-publish).
  if (lake)
    for (const auto& project : projects) {
      std::string name = name_of("publish", project);
      if (steps.failed() && !steps.cancelled() && !ctx.cancelled()) {
        steps.skip(name, "catalog", "the run's checks failed: nothing was published, the lake keeps every table as it was");
        continue;
      }
      if (!steps.proceed(name, "catalog")) continue;
      auto results = built.find(name_of("transform", project));
      steps.record(publish_step(ctx, *dbt, project, name, results != built.end() ? results->second : json::value()));
    }
  return steps.outcome();
}

}  // namespace floe::run
