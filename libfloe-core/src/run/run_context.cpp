#include "run/run_context.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <chrono>

#include "base/deadline.hpp"
#include "core/json_path.hpp"
#include "diag/codes.hpp"

namespace floe::run {
namespace json = boost::json;

const char* step_status_name(StepStatus s) {
  switch (s) {
    case StepStatus::success: return "success";
    case StepStatus::failed: return "failed";
    case StepStatus::skipped: return "skipped";
    case StepStatus::cancelled: return "cancelled";
  }
  return "failed";
}

StepOutcome run_step(RunContext& ctx, const std::string& name, const std::string& kind, const std::string& title,
                     const std::function<void(Stage&, StepOutcome&)>& body) {
  Stage& stage = ctx.report.stage(title);
  ctx.current_step = name;
  ctx.bus.publish({{"type", "step_started"}, {"step", name}, {"kind", kind}, {"title", title}});
  auto started = std::chrono::steady_clock::now();
  StepOutcome outcome;
  body(stage, outcome);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  stage.ok = outcome.status == StepStatus::success || outcome.status == StepStatus::skipped;
  json::object finished{{"type", "step_finished"},
                        {"step", name},
                        {"kind", kind},
                        {"status", step_status_name(outcome.status)},
                        {"duration_s", seconds}};
  if (!outcome.message.empty()) finished["message"] = outcome.message;
  if (!outcome.summary.empty()) finished["summary"] = outcome.summary;
  ctx.bus.publish(std::move(finished));
  ctx.current_step.clear();
  return outcome;
}

Instance* open_selected_plugin(RunContext& ctx, const std::string& category, const std::string& fallback_type,
                               bool required) {
  const json::value* selection = find_path(ctx.artifacts, {"plugins", category});
  std::string type = selection != nullptr ? string_at(*selection, {"type"}) : std::string();
  if (type.empty()) type = fallback_type;
  SourceLocation where{ctx.artifacts_path, 0, 0};
  if (type.empty()) {
    if (required)
      ctx.report.diagnostics.add(make_diagnostic(
          codes::X101, "run", fmt::format("the platform selects no {} plugin, and this run needs one", category),
          where, fmt::format("plugins.{}.type in the platform manifest", category),
          fmt::format("select a {} plugin in the platform (floe plugins list shows what is installed)", category)));
    return nullptr;
  }
  json::object config;
  if (selection != nullptr)
    if (auto* c = find_path(*selection, {"config"}); c != nullptr && c->is_object()) config = c->as_object();
  auto opened = ctx.registry.open(category, type, json::serialize(config));
  if (!opened) {
    const auto& e = opened.error();
    bool missing = e.code == FLOE_ERR_NOT_FOUND;
    Diagnostic d = make_diagnostic(
        missing ? codes::X101 : codes::X102, "run", e.message, where,
        missing ? fmt::format("a {} plugin named '{}' installed in the floe.{} entry-point directory of a plugin root",
                              category, type, category)
                : std::string(),
        missing ? "install the plugin (floe plugins doctor shows where floe looks), or select another in the platform"
                : "check the plugin's configuration in the platform manifest (floe plugins info shows its schema)");
    d.subject = fmt::format("plugins.{}", category);
    ctx.report.diagnostics.add(std::move(d));
    return nullptr;
  }
  return opened.value();
}

std::optional<json::object> call_plugin(RunContext& ctx, Instance& plugin, const std::string& method,
                                        const json::object& request, Stage& stage) {
  auto answer = ctx.registry.call_value(plugin, method, request);
  SourceLocation where{ctx.artifacts_path, 0, 0};
  if (!answer) {
    const auto& e = answer.error();
    if (e.code == FLOE_ERR_CANCELLED) {
      // Stopped by the operation's deadline: the caller reports FLOE-L001.
      if (!deadline_stopped_something())
        ctx.report.diagnostics.add(make_diagnostic(codes::X106, "run", e.message, where, {},
                                                   "run floe run again: it starts over from the first step"));
      stage.lines.push_back({"warning", deadline_stopped_something() ? "stopped: the deadline passed" : "stopped on request"});
    } else {
      Diagnostic d = make_diagnostic(codes::X102, "run", e.message, where);
      d.subject = plugin.label;
      ctx.report.diagnostics.add(std::move(d));
      stage.lines.push_back({"error", e.message});
    }
    return std::nullopt;
  }
  json::value parsed = std::move(answer).value();
  if (!parsed.is_object()) {
    ctx.report.diagnostics.add(make_diagnostic(
        codes::X102, "run", fmt::format("{}.{} answered with something other than a JSON object", plugin.label, method),
        where));
    return std::nullopt;
  }
  return std::move(parsed.as_object());
}

std::string profile_output_type(const RunContext& ctx, const std::string& target) {
  const json::object& a = ctx.artifacts;
  return string_at(a, {"dbt_profiles", string_at(a, {"dbt", "profile_name"}), "outputs", target, "type"});
}

ConnectionAnswer ask_validate_connection(RunContext& ctx, Instance& plugin, const json::object& request) {
  auto reply = ctx.registry.call_value(plugin, "validate_connection", request);
  if (!reply) return {false, reply.error().message};
  json::value answer = std::move(reply).value();
  if (!answer.is_object()) return {false, "validate_connection answered something that is not a JSON object"};
  return {string_at(answer, {"status"}) != "unhealthy", string_at(answer, {"message"})};
}

}  // namespace floe::run
