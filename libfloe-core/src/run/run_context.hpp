// What every step of a product run works with: the request, the compiled
// artifacts, the registry its plugins come from, the report it adds stages
// and diagnostics to, and the event bus.
#pragma once

#include <boost/json/object.hpp>

#include <functional>
#include <map>
#include <string>

#include "diag/compile_report.hpp"
#include "plugin/registry.hpp"
#include "run/run_events.hpp"
#include "run/run_request.hpp"
#include "run/selection.hpp"

namespace floe::run {

struct RunContext {
  const RunRequest& request;
  const Selection& selection;
  const boost::json::object& artifacts;  // target/compiled_artifacts.json
  std::string product_dir;               // where floe.yaml is (relative paths start here)
  std::string artifacts_path;            // target/compiled_artifacts.json
  CompileReport& report;
  Registry& registry;
  const EventBus& bus;
  std::function<bool()> cancelled;
  // Environment the tools (dbt, dlt) get on top of floe's: secrets the
  // profile reads through env_var(), resolved from their references.
  std::map<std::string, std::string> tool_env;
  // The step whose plugin is working now: plugin events are attributed to it.
  std::string current_step;
  // The run's id (run_started's run_id): names what the run leaves behind,
  // e.g. the Iceberg branch floe-run-<id> an engine stages on.
  std::string run_id;
};

// What a step ended as, for its step_finished event and the run's outcome.
enum class StepStatus { success, failed, skipped, cancelled };
const char* step_status_name(StepStatus s);

// Publishes step_started, runs `body`, publishes step_finished with the
// status, duration, message and summary the body set. The stage of the
// report is opened here too.
struct StepOutcome {
  StepStatus status = StepStatus::success;
  std::string message;
  boost::json::object summary;
};
StepOutcome run_step(RunContext& ctx, const std::string& name, const std::string& kind, const std::string& title,
                     const std::function<void(Stage&, StepOutcome&)>& body);

// A plugin the platform selects for `category` (compiled artifacts'
// plugins.<category>), opened with its configuration; nullptr with an X101 /
// X102 diagnostic when it is not selected (and `required`) or cannot be
// opened. `fallback_type` is used when the platform selects none.
Instance* open_selected_plugin(RunContext& ctx, const std::string& category, const std::string& fallback_type,
                               bool required);

// Calls a plugin method with the run's step attribution; a failure becomes
// a diagnostic (X102, or X106 when the plugin stopped on cancel) and nullopt.
std::optional<boost::json::object> call_plugin(RunContext& ctx, Instance& plugin, const std::string& method,
                                               const boost::json::object& request, Stage& stage);

// The dbt adapter type ("duckdb", "spark", ...) of a target in the
// compiled profile, "" when it has none.
std::string profile_output_type(const RunContext& ctx, const std::string& target);

// A plugin's own word on whether it can reach what it serves (its
// validate_connection): `answers` unless it said "unhealthy", failed or
// answered something else; `message` is what it said, or what went wrong.
struct ConnectionAnswer {
  bool answers = false;
  std::string message;
};
ConnectionAnswer ask_validate_connection(RunContext& ctx, Instance& plugin, const boost::json::object& request);

}  // namespace floe::run
