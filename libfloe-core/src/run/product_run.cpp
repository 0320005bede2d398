#include "run/product_run.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "compile/cached_compile.hpp"
#include "base/deadline.hpp"
#include "core/json_path.hpp"
#include "base/json_text.hpp"
#include "base/input_file.hpp"
#include "base/paths.hpp"
#include "core/sha256.hpp"
#include "diag/codes.hpp"
#include "diag/deadline_diagnostic.hpp"
#include "run/alert_step.hpp"
#include "run/changed_state.hpp"
#include "run/model_builds.hpp"
#include "run/plugin_secrets.hpp"
#include "run/product_steps.hpp"
#include "run/run_context.hpp"
#include "run/run_lock.hpp"
#include "run/run_observers.hpp"
#include "run/run_record.hpp"
#include "run/tool_environment.hpp"

namespace floe::run {
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

const char* operation_name(Operation op) { return op == Operation::run ? "run" : "test"; }

std::string read_text(const std::string& path) {
  auto text = read_input_file(path, InputRules{input_limits::kConfigFile});
  return text ? std::move(*text) : std::string();
}

// What the record knows before anything runs.
json::object record_head(const std::string& run_id, const RunRequest& request) {
  return {{"run_id", run_id},
          {"operation", operation_name(request.operation)},
          {"floe_version", FLOE_VERSION_STRING},
          {"product_file", request.product_path},
          {"selection", json::object{{"select", json_strings(request.select)},
                                     {"exclude", json_strings(request.exclude)},
                                     {"full_refresh", request.full_refresh},
                                     {"fail_fast", request.fail_fast}}}};
}

// What the record learns from the compiled artifacts: the product and the
// platform (with the digest of every tier) the run ran against.
json::object record_platform(const json::object& artifacts) {
  json::array chain;
  if (auto* c = find_path(artifacts, {"inheritance", "chain"}); c != nullptr && c->is_array())
    for (const auto& link : c->as_array())
      chain.push_back(json::object{{"tier", value_or_null(link.as_object(), {"tier"})},
                                   {"name", value_or_null(link.as_object(), {"name"})},
                                   {"version", value_or_null(link.as_object(), {"version"})},
                                   {"sha256", value_or_null(link.as_object(), {"sha256"})}});
  return {{"product", value_or_null(artifacts, {"product"})},
          {"platform", json::object{{"name", value_or_null(artifacts, {"platform", "name"})},
                                    {"version", value_or_null(artifacts, {"platform", "version"})},
                                    {"source_hash", value_or_null(artifacts, {"metadata", "source_hash"})},
                                    {"chain", std::move(chain)}}}};
}

// Plugins report node events through the host table; the run attributes
// them to the step that is running and publishes them.
void plugin_event(void* payload, const char* source, const char* text, size_t length) {
  auto* ctx = static_cast<RunContext*>(payload);
  boost::system::error_code ec;
  json::value event = json::parse(std::string_view(text, length), ec);
  if (ec || !event.is_object() || !event.as_object().contains("type") || !event.at("type").is_string()) {
    ctx->bus.publish({{"type", "log"}, {"level", "warning"}, {"source", source},
                      {"message", "the plugin emitted an event that is not a JSON object with a \"type\"; ignored"}});
    return;
  }
  json::object e = std::move(event.as_object());
  std::string type(e.at("type").as_string());
  // A plugin cannot pose as the run itself.
  if (type == "run_started" || type == "run_finished" || type == "step_started" || type == "step_finished") {
    e["type"] = "log";
    e["level"] = "warning";
    e["message"] = fmt::format("the plugin emitted a '{}' event, which only the run emits; ignored", type);
  }
  e["source"] = source;
  if (!ctx->current_step.empty()) e["step"] = ctx->current_step;
  ctx->bus.publish(std::move(e));
}

int32_t plugin_cancel(void* payload) {
  auto* ctx = static_cast<RunContext*>(payload);
  return ctx->cancelled() ? 1 : 0;
}

// Why the run could not take the product's lock: another run holds it, the
// wait was stopped, or target/ cannot hold the lock file.
void report_lock_refused(CompileReport& report, const RunRequest& request, const std::string& target_dir,
                         const std::string& holder, const std::string& problem, bool stopped) {
  Stage& stage = report.stage("Waiting for the product");
  if (!problem.empty()) {
    report.diagnostics.add(make_diagnostic(codes::X109, "run", problem, {target_dir, 0, 0}, {},
                                           "make target/ beside floe.yaml writable"));
  } else if (stopped) {
    report.diagnostics.add(deadline_stopped_something()
                               ? deadline_diagnostic(current_deadline()->limit_ms, request.product_path)
                               : make_diagnostic(codes::X106, "run", "stopped while waiting for another run of the product",
                                                 {request.product_path, 0, 0}));
  } else {
    report.diagnostics.add(make_diagnostic(
        codes::X107, "run", fmt::format("another floe run of this product is in progress ({})", holder),
        {request.product_path, 0, 0}, "no other floe run of the product",
        "wait for it to finish, or pass --wait to queue behind it"));
  }
  stage.lines.push_back({"error", problem.empty() ? fmt::format("held by {}", holder) : problem});
}

// The compile of a run: every guardrail of floe compile applies. `artifacts`
// receives what it wrote, in memory (empty when the compile cache answered:
// the file on disk is that compile's).
CompileReport compile_for_run(const RunRequest& request, bool& reused, std::optional<json::object>& artifacts) {
  CompileRequest compile;
  compile.product_path = request.product_path;
  compile.platform_override = request.platform_override;
  compile.plugin_roots = request.plugin_roots;
  compile.sources = request.sources;
  compile.fetch_products = request.fetch_products;
  if (request.compile_key.is_null()) return compile_product(compile, nullptr, &artifacts);
  CachedCompile cached = compile_product_cached(compile, request.compile_key);
  reused = cached.used;
  artifacts = std::move(cached.artifacts);
  return std::move(cached.report);
}

// The compiled artifacts the run works from (read from disk when the compile
// cache answered), checked to be one compile's pair with profiles.yml: a
// profiles.yml written by another (a compile killed between its two writes,
// or an edit by hand) is refused, not used. nullopt with an X109 otherwise.
std::optional<json::object> artifacts_for_run(std::optional<json::object> compiled, const std::string& artifacts_path,
                                              const std::string& product_dir, CompileReport& report) {
  if (!compiled) {
    auto parsed = read_json_file(artifacts_path, input_limits::kConfigFile);
    if (!parsed || !parsed.value().is_object()) {
      report.diagnostics.add(make_diagnostic(codes::X109, "run",
                                             fmt::format("cannot read {} of the recorded compile", artifacts_path),
                                             {artifacts_path, 0, 0}));
      return std::nullopt;
    }
    compiled = std::move(parsed).value().as_object();
  }
  const std::string profiles_path =
      (fs::path(product_dir) / string_at(*compiled, {"dbt", "profiles_path"})).lexically_normal().string();
  if (std::string want = string_at(*compiled, {"dbt", "profiles_sha256"}); !want.empty()) {
    if (sha256_file_hex(profiles_path).value_or("") != want) {
      Diagnostic d = make_diagnostic(codes::X109, "run",
                                     fmt::format("{} is not the profiles.yml {} was compiled with (a compile was "
                                                 "interrupted between its two writes, or the file was edited)",
                                                 profiles_path, artifacts_path),
                                     {profiles_path, 0, 0});
      d.hint = "run floe compile again; profiles.yml is an output of compile, not a file to edit";
      report.diagnostics.add(std::move(d));
      return std::nullopt;
    }
  }
  return compiled;
}

// Keeps what the next --changed run compares with; a failure to is a
// warning (that run then runs everything).
void keep_state_for_changed_runs(RunContext& ctx, const std::vector<json::object>& projects,
                                 const std::string& target_dir) {
  std::string problem;
  if (keep_changed_state(ctx, projects, problem)) return;
  Diagnostic d = make_diagnostic(codes::X109, "run", problem, {target_dir, 0, 0}, {},
                                 "make target/floe_state/ beside the dbt project a writable folder (not a "
                                 "symbolic link); until then a --changed run runs everything");
  d.severity = Severity::warning;
  ctx.report.diagnostics.add(std::move(d));
}

// The record names each dbt project's run_results.json and manifest.json.
void record_dbt_outputs(RunRecord& record, const std::vector<json::object>& projects, const std::string& product_dir) {
  for (const auto& project : projects) {
    std::string target = string_at(project, {"path"});
    fs::path dbt_target = fs::path(product_dir) / (target.empty() ? "." : target) / "target";
    std::string suffix = projects.size() == 1 ? "" : ":" + string_at(project, {"name"});
    if (fs::exists(dbt_target / "run_results.json"))
      record.add_artifact("dbt_run_results" + suffix, (dbt_target / "run_results.json").lexically_normal().string());
    if (fs::exists(dbt_target / "manifest.json"))
      record.add_artifact("dbt_manifest" + suffix, (dbt_target / "manifest.json").lexically_normal().string());
  }
}

// Why a stopped run stopped: its --timeout (said here so the record says it
// too), or a request (X106, unless a step said so already).
void report_stopped(CompileReport& report, const RunRequest& request) {
  if (deadline_stopped_something()) {
    report.diagnostics.add(deadline_diagnostic(current_deadline()->limit_ms, request.product_path));
    return;
  }
  for (const auto& d : report.diagnostics.items())
    if (d.code == codes::X106) return;
  report.diagnostics.add(make_diagnostic(codes::X106, "run", "the run was stopped on request",
                                         {request.product_path, 0, 0}, {},
                                         "run floe run again: it starts over from the first step"));
}

}  // namespace

RunOutput run_product(const RunRequest& request, const RunCaller& caller) {
  RunOutput out;
  CompileReport& report = out.report;
  const std::string run_id = new_run_id();
  const std::string product_dir = directory_of(request.product_path);
  const std::string target_dir = (fs::path(product_dir) / "target").string();
  const std::string record_path = (fs::path(target_dir) / "floe_run.json").string();
  std::function<bool()> cancelled = caller.cancelled ? caller.cancelled : [] { return false; };
  auto run_started = std::chrono::steady_clock::now();

  EventBus bus;
  if (caller.on_event) bus.subscribe(caller.on_event);
  // What happens before the observers exist (the start, the compile) is
  // replayed to them once they do.
  std::vector<json::object> early_events;
  bool observers_ready = false;
  bus.subscribe([&](const json::object& e) {
    if (!observers_ready) early_events.push_back(e);
  });
  bus.publish({{"type", "run_started"},
               {"run_id", run_id},
               {"operation", operation_name(request.operation)},
               {"product_file", request.product_path}});
  // The time the run's tools (dbt, dlt) took, from the steps' summaries:
  // the rest of the run is floe's own overhead, which the record reports.
  double tool_seconds = 0;
  bus.subscribe([&](const json::object& e) {
    if (e.at("type") != "step_finished") return;
    if (const json::value* t = find_path(e, {"summary", "tool_seconds"}); t != nullptr && t->is_number())
      tool_seconds += t->to_number<double>();
  });
  auto finish = [&](const char* status) {
    report.outcome = outcome_from(report.diagnostics);
    if (!report.stages.empty()) report.stages.back().ok = report.stages.back().ok && report.outcome == Outcome::ok;
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - run_started).count();
    bus.publish({{"type", "run_finished"},
                 {"run_id", run_id},
                 {"status", status},
                 {"outcome", outcome_name(report.outcome)},
                 {"duration_s", seconds},
                 {"tool_seconds", tool_seconds},
                 {"floe_overhead_s", seconds - tool_seconds}});
  };

  // One run of a product at a time, taken before the compile rewrites target/.
  std::string holder, problem;
  auto lock = RunLock::acquire((fs::path(target_dir) / ".floe_run.lock").string(), run_id, request.wait, cancelled,
                               holder, problem);
  if (!lock) {
    report_lock_refused(report, request, target_dir, holder, problem, cancelled());
    finish("failed");
    return out;
  }

  // From here on target/ is this run's: the record follows every event and
  // is rewritten after each step.
  RunRecord record(record_head(run_id, request));
  record.on_event({{"type", "run_started"}, {"at", utc_now()}});
  bus.subscribe([&](const json::object& e) {
    record.on_event(e);
    std::string type(e.at("type").as_string());
    if (type != "step_finished" && type != "run_finished") return;
    auto written = record.write(record_path);
    if (!written && type == "step_finished")  // the last write's failure is reported once, below
      report.diagnostics.add(make_diagnostic(codes::X109, "run", written.error().message, {record_path, 0, 0}, {},
                                             "make target/ beside floe.yaml writable"));
  });

  // [compile] Every guardrail of floe compile applies to a run.
  bus.publish({{"type", "step_started"}, {"step", "compile"}, {"kind", "compile"}, {"title", "Compiling the product"}});
  auto compile_started = std::chrono::steady_clock::now();
  bool reused = false;
  std::optional<json::object> compiled_artifacts;
  report = compile_for_run(request, reused, compiled_artifacts);
  bool compiled = report.outcome == Outcome::ok;
  bus.publish({{"type", "step_finished"},
               {"step", "compile"},
               {"kind", "compile"},
               {"status", compiled ? "success" : "failed"},
               {"summary", json::object{{"from_cache", reused}}},
               {"duration_s", std::chrono::duration<double>(std::chrono::steady_clock::now() - compile_started).count()}});
  const std::string artifacts_path = (fs::path(target_dir) / "compiled_artifacts.json").string();
  std::optional<json::object> checked =
      compiled ? artifacts_for_run(std::move(compiled_artifacts), artifacts_path, product_dir, report) : std::nullopt;
  if (!checked) {
    finish("failed");
    out.record = record.json();
    return out;
  }
  const json::object artifacts = std::move(*checked);
  const std::string profiles_path =
      (fs::path(product_dir) / string_at(artifacts, {"dbt", "profiles_path"})).lexically_normal().string();
  record.describe(record_platform(artifacts));
  record.add_artifact("compiled_artifacts", artifacts_path);
  record.add_artifact("dbt_profiles", profiles_path);

  Selection selection = make_selection(request.select, request.exclude);
  RegistryOptions registry_options;
  registry_options.extra_roots = request.plugin_roots;
  Registry registry(std::move(registry_options));
  RunContext run_ctx{request, selection, artifacts, product_dir, artifacts_path, report, registry,
                     bus, cancelled, {}, {}, run_id};
  registry.set_run_hooks(RunHooks{&plugin_event, &run_ctx, &plugin_cancel, &run_ctx});

  // Only the secrets of the output this run uses must be set (a --local run
  // needs none of the lake's).
  const json::value* output = find_path(
      artifacts, {"dbt_profiles", string_at(artifacts, {"dbt", "profile_name"}), "outputs", dbt_target(run_ctx)});
  run_ctx.tool_env = tool_environment(artifacts, output != nullptr ? json::serialize(*output) : read_text(profiles_path),
                                      artifacts_path, report.diagnostics, plugin_secret_resolver(run_ctx));
  std::vector<std::unique_ptr<RunObserver>> observers =
      make_run_observers(ObserverSetup{artifacts, registry, report, run_id,
                                        // absolute: observers name datasets and files by it
                                        fs::absolute(product_dir).lexically_normal().string()});
  for (auto& o : observers) {
    o->add_tool_environment(run_ctx.tool_env);
    // The run has started and compiled already: observers see that first.
    for (const auto& e : early_events) o->on_event(e);
    RunObserver* observer = o.get();
    bus.subscribe([observer](const json::object& e) { observer->on_event(e); });
  }
  observers_ready = true;
  early_events.clear();
  // Each model's last successful build, kept across runs: a contract's
  // freshness on a whole table is judged by it.
  ModelBuilds builds((fs::path(target_dir) / "floe_model_builds.json").string());
  bus.subscribe([&builds](const json::object& e) { builds.on_event(e); });

  std::vector<json::object> projects;
  if (auto* p = find_path(artifacts, {"dbt", "projects"}); p != nullptr && p->is_array())
    for (const auto& project : p->as_array()) projects.push_back(project.as_object());
  StepsOutcome steps = run_product_steps(run_ctx, projects, builds);
  const bool failed = steps.failed, was_cancelled = steps.cancelled;
  builds.save();
  // A successful run that built everything it was asked to is what the next
  // --changed run compares with.
  if (request.operation == Operation::run && selection.runs_dbt && selection.dbt_select.empty() &&
      selection.dbt_exclude.empty() && !failed && !was_cancelled && !report.diagnostics.has_errors())
    keep_state_for_changed_runs(run_ctx, projects, target_dir);
  // Failed checks go to the platform's alert channel, whatever failed.
  if (!was_cancelled && !cancelled() && has_alerts(run_ctx)) alert_step(run_ctx, run_id);
  record_dbt_outputs(record, projects, product_dir);
  if (was_cancelled) report_stopped(report, request);
  finish(was_cancelled ? "cancelled" : report.diagnostics.has_errors() ? "failed" : "success");
  for (auto& o : observers) o->close();
  out.record = record.json();
  return out;
}

}  // namespace floe::run
