#include "run/dbt_steps.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <optional>

#include "core/json_path.hpp"
#include "run/changed_state.hpp"
#include "run/compute_check.hpp"
#include "diag/codes.hpp"

namespace floe::run {
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

std::string absolute_under(const std::string& dir, const std::string& rel) {
  fs::path p = fs::absolute(rel.empty() ? fs::path(dir) : fs::path(dir) / rel).lexically_normal();
  std::string out = p.string();
  if (out.size() > 1 && out.back() == '/') out.pop_back();  // "dir/." normalises to "dir/"
  return out;
}

// What every dbt node invocation of the run shares: the invocation, and
// the selection.
json::object base_request(const RunContext& ctx, const json::object& project) {
  json::object r = dbt_invocation(ctx, project);
  // The user's selection wins; without one, what the product's transforms
  // name inside the project (path:... selectors) is built.
  std::vector<std::string> select = ctx.selection.dbt_select;
  if (select.empty()) select = strings_at(project, {"select"});
  // --changed: only what changed since the last successful run.
  if (auto state = changed_state(ctx, project)) {
    select = changed_selection(select);
    r["state"] = *state;
  }
  if (!select.empty()) r["select"] = json_strings(select);
  if (!ctx.selection.dbt_exclude.empty()) r["exclude"] = json_strings(ctx.selection.dbt_exclude);
  if (ctx.request.fail_fast) r["fail_fast"] = true;
  return r;
}

// The file of a node, for diagnostics: models by name from the compiled
// project, anything else at the project.
SourceLocation node_location(const RunContext& ctx, const json::object& project, const std::string& unique_id) {
  std::string project_dir = absolute_under(ctx.product_dir, string_at(project, {"path"}));
  std::string name = unique_id.substr(unique_id.rfind('.') + 1);
  if (auto* models = project.if_contains("models"); models != nullptr && models->is_array())
    for (const auto& m : models->as_array())
      if (string_at(m, {"name"}) == name) return {(fs::path(project_dir) / string_at(m, {"path"})).string(), 0, 0};
  return {(fs::path(project_dir) / "dbt_project.yml").string(), 0, 0};
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

// What follows dbt's first line of a node's error ("Runtime Error in model
// m (models/m.sql)"): the engine's own words ("Binder Error: column x not
// found"), the lines trimmed and joined with "; ", at most 500 bytes.
std::string dbt_error_cause(const std::string& text) {
  constexpr std::size_t kMax = 500;
  std::string cause;
  std::size_t at = text.find('\n');
  while (at != std::string::npos && cause.size() < kMax) {
    std::size_t end = text.find('\n', at + 1);
    std::string line = text.substr(at + 1, end == std::string::npos ? std::string::npos : end - at - 1);
    std::size_t first = line.find_first_not_of(" \t");
    if (first != std::string::npos) {
      line = line.substr(first, line.find_last_not_of(" \t") + 1 - first);
      cause += (cause.empty() ? "" : "; ") + line;
    }
    at = end;
  }
  if (cause.size() > kMax) cause = cause.substr(0, kMax) + "...";
  return cause;
}

int integer(const json::object& o, const char* key) {
  auto* v = o.if_contains(key);
  return v != nullptr && v->is_int64() ? static_cast<int>(v->as_int64()) : 0;
}

// A response whose dbt did not get to run its nodes (a broken profile, a
// compilation error) is the plugin's report of why.
bool dbt_did_not_run(RunContext& ctx, const json::object& response, Stage& stage, StepOutcome& out) {
  bool success = response.contains("success") && response.at("success").as_bool();
  auto* nodes = response.if_contains("nodes");
  bool any_nodes = nodes != nullptr && nodes->is_array() && !nodes->as_array().empty();
  if (success || any_nodes) return false;
  std::string why = string_at(response, {"error"}, "dbt failed without saying why");
  ctx.report.diagnostics.add(make_diagnostic(codes::X102, "run", fmt::format("dbt did not run: {}", first_line(why)),
                                             {ctx.artifacts_path, 0, 0}, {},
                                             "run the same dbt command by hand to see its full output (docs/run.md)"));
  stage.lines.push_back({"error", why});
  out.status = StepStatus::failed;
  out.message = first_line(why);
  return true;
}

}  // namespace

std::string project_directory(const RunContext& ctx, const json::object& project) {
  return absolute_under(ctx.product_dir, string_at(project, {"path"}));
}

json::object dbt_invocation(const RunContext& ctx, const json::object& project) {
  std::string profiles = absolute_under(ctx.product_dir, string_at(ctx.artifacts, {"dbt", "profiles_path"}));
  json::object env;
  for (const auto& [k, v] : ctx.tool_env) env[k] = v;
  return {{"project_dir", project_directory(ctx, project)},
          {"profiles_dir", fs::path(profiles).parent_path().string()},
          {"target", string_at(ctx.artifacts, {"dbt", "target"}, "floe")},
          {"env", std::move(env)}};
}

namespace {

bool gates_block(const RunContext& ctx) {
  const json::value* gate = find_path(ctx.artifacts, {"governance", "quality_gates", "block_on_failure"});
  return gate == nullptr || !gate->is_bool() || gate->as_bool();
}

bool is_test(const json::object& node) {
  std::string type = string_at(node, {"resource_type"});
  return type == "test" || type == "unit_test";
}

}  // namespace

bool tests_in_build(const RunContext& ctx) {
  if (!ctx.request.run_tests || !gates_block(ctx)) return false;
  std::string runtime = string_at(ctx.artifacts, {"plugins", "dbt", "type"}, "core");
  if (runtime != "core") return false;
  if (const json::value* quality = find_path(ctx.artifacts, {"plugins", "quality", "config"});
      quality != nullptr && quality->is_object()) {
    if (string_at(*quality, {"default_severity"}, "error") != "error") return false;
    if (const json::value* kinds = find_path(*quality, {"severity"}); kinds != nullptr && kinds->is_object())
      for (const auto& [kind, severity] : kinds->as_object())
        if (!severity.is_string() || severity.as_string() != "error") return false;
  }
  return true;
}

StepOutcome transform_step(RunContext& ctx, Instance& dbt, const json::object& project, const std::string& step_name,
                           bool with_tests, json::object* built) {
  std::string title = fmt::format("Running dbt build (models, seeds, snapshots{}) in {}",
                                  with_tests ? ", tests" : "", string_at(project, {"path"}, "."));
  return run_step(ctx, step_name, "transform", title, [&](Stage& stage, StepOutcome& out) {
    if (!compute_answers(ctx, stage)) {
      out.status = StepStatus::failed;
      out.message = "the compute does not answer: dbt was not started";
      return;
    }
    json::object request = base_request(ctx, project);
    if (ctx.request.changed)
      stage.lines.push_back({"info", request.contains("state")
                                         ? std::string("--changed: only what changed since the last successful run, and "
                                                       "its downstream (state:modified+ against target/floe_state/)")
                                         : std::string("--changed: no successful run of this product is recorded yet: "
                                                       "everything runs")});
    request["command"] = "build";
    request["resource_types"] = with_tests ? json::array{"model", "seed", "snapshot", "test", "unit_test"}
                                           : json::array{"model", "seed", "snapshot"};
    if (ctx.request.full_refresh) request["full_refresh"] = true;
    auto response = call_plugin(ctx, dbt, "run_models", request, stage);
    if (!response) {
      out.status = ctx.cancelled() ? StepStatus::cancelled : StepStatus::failed;
      return;
    }
    if (dbt_did_not_run(ctx, *response, stage, out)) return;
    if (built != nullptr) *built = *response;
    // The tests' nodes are the quality step's; a model dbt skipped after a
    // failed test is counted as skipped here.
    int ok = 0, failed = 0, skipped = 0;
    for (const auto& n : response->at("nodes").as_array()) {
      const json::object& node = n.as_object();
      if (is_test(node)) continue;
      std::string status = string_at(node, {"status"});
      std::string id = string_at(node, {"unique_id"});
      if (status == "success") {
        ++ok;
      } else if (status == "skipped") {
        ++skipped;
      } else if (status == "error" || status == "fail" || status == "runtime error") {
        ++failed;
        std::string full = string_at(node, {"message"});
        std::string message = first_line(full);
        // floe's lake materializations refuse a table outside the product's
        // namespace with their own code: report it as that policy finding.
        auto refused = full.find("FLOE-W107: ");
        // The cause (the engine's error) is on dbt's next lines: shown as
        // found:, joined, capped (it is text from outside; printing makes it
        // terminal-safe).
        std::string cause = dbt_error_cause(full);
        Diagnostic d =
            refused != std::string::npos
                ? make_diagnostic(codes::W107, "iceberg", first_line(full.substr(refused + 11)),
                                  node_location(ctx, project, id), "tables in the product's namespace",
                                  "remove the model's schema override (or generate_schema_name's), so dbt derives its "
                                  "schema from the target's")
                : make_diagnostic(codes::X104, "run", fmt::format("{} failed: {}", id, message),
                                  node_location(ctx, project, id), {},
                                  "fix the model's SQL (the engine's error is under found:), then run floe run again");
        d.subject = id;
        if (refused == std::string::npos) d.actual = cause;
        ctx.report.diagnostics.add(std::move(d));
        stage.lines.push_back({"error", cause.empty() ? fmt::format("{}: {}", id, message)
                                                      : fmt::format("{}: {}: {}", id, message, cause)});
      }
    }
    stage.lines.insert(stage.lines.begin(),
                       {failed == 0 ? "ok" : "error",
                        fmt::format("{} node(s) built, {} failed, {} skipped (dbt {})", ok, failed, skipped,
                                    string_at(*response, {"dbt_version"}, "?"))});
    out.summary = {{"nodes_ok", ok}, {"nodes_failed", failed}, {"nodes_skipped", skipped},
                   {"changed_only", request.contains("state")},
                   {"tool_seconds", value_or_null(*response, {"execution_time_seconds"})},
                   {"models_run", integer(*response, "models_run")},
                   {"run_results_path", string_at(*response, {"run_results_path"})},
                   {"manifest_path", string_at(*response, {"manifest_path"})}};
    if (failed > 0) {
      out.status = StepStatus::failed;
      out.message = fmt::format("{} of {} node(s) failed", failed, ok + failed + skipped);
    }
  });
}

namespace {

// One test result as the quality step judges it: without a quality plugin
// dbt's status decides (fail and error fail; warn warns); with one, the
// plugin's checks and their severities do.
struct Check {
  std::string id, status, message;  // status: pass, warn, fail
  bool error_severity = true;
};

std::vector<Check> checks_from_dbt(const json::object& response) {
  std::vector<Check> out;
  for (const auto& n : response.at("nodes").as_array()) {
    const json::object& node = n.as_object();
    std::string status = string_at(node, {"status"});
    Check c{string_at(node, {"unique_id"}), "pass", first_line(string_at(node, {"message"})), true};
    if (status == "warn") c.status = "warn";
    if (status == "fail" || status == "error" || status == "runtime error") c.status = "fail";
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<Check> checks_from_plugin(const json::object& judged) {
  std::vector<Check> out;
  for (const auto& c : judged.at("checks").as_array()) {
    const json::object& check = c.as_object();
    bool passed = check.contains("passed") && check.at("passed").is_bool() && check.at("passed").as_bool();
    std::string severity = string_at(check, {"severity"}, "error");
    Check judged_check{string_at(check, {"name"}), passed ? "pass" : severity == "error" ? "fail" : "warn",
                       first_line(string_at(check, {"message"})), severity == "error"};
    out.push_back(std::move(judged_check));
  }
  return out;
}

// What an engine that checks the data itself (Great Expectations) needs
// beside dbt's results: where the product's tables are (the compute's
// get_ingestion_destination, when the compute offers it; relative DuckDB
// files are relative to the dbt project, as dbt resolves them) and the
// output ports' contracts.
json::object data_check_options(RunContext& ctx, const json::object& project) {
  std::string project_dir = absolute_under(ctx.product_dir, string_at(project, {"path"}));
  json::object options{{"project_dir", project_dir}};
  if (auto* ports = find_path(ctx.artifacts, {"ports", "output"}); ports != nullptr && ports->is_array())
    options["output_ports"] = *ports;
  if (find_path(ctx.artifacts, {"plugins", "compute", "type"}) == nullptr) return options;
  Instance* compute = open_selected_plugin(ctx, "compute", "", false);
  if (compute == nullptr) return options;
  // A compute without the method leaves the engine to say what it lacks.
  if (auto destination = ctx.registry.call_value(*compute, "get_ingestion_destination",
                                                 json::object{{"project_dir", project_dir}});
      destination && destination.value().is_object())
    options["connection"] = std::move(destination).value().as_object();
  return options;
}

}  // namespace

StepOutcome quality_step(RunContext& ctx, Instance& dbt, const json::object& project, const std::string& step_name,
                         const json::object* built) {
  std::string title = built != nullptr
                          ? fmt::format("Judging the tests of the dbt build in {} (quality gates)",
                                        string_at(project, {"path"}, "."))
                          : fmt::format("Testing data in {} (dbt test, quality gates)", string_at(project, {"path"}, "."));
  return run_step(ctx, step_name, "quality", title, [&](Stage& stage, StepOutcome& out) {
    bool blocking = gates_block(ctx);
    std::size_t missing = 0;
    for (const auto& d : ctx.report.diagnostics.items())
      if (d.code == codes::E212 || d.code == codes::E210 || d.code == codes::E211) ++missing;

    std::optional<json::object> response;
    if (built != nullptr) {
      // The build's answer, its tests' nodes only: the models were judged by
      // the transform step.
      response = *built;
      json::array tests;
      for (const auto& n : built->at("nodes").as_array())
        if (is_test(n.as_object())) tests.push_back(n);
      (*response)["nodes"] = std::move(tests);
      (*response)["execution_time_seconds"] = nullptr;  // counted by the transform step
    } else {
      response = call_plugin(ctx, dbt, "test_models", base_request(ctx, project), stage);
    }
    if (!response) {
      out.status = ctx.cancelled() ? StepStatus::cancelled : StepStatus::failed;
      return;
    }
    if (built == nullptr && dbt_did_not_run(ctx, *response, stage, out)) return;

    // The platform's quality plugin, when it selects one, judges the results.
    std::vector<Check> checks;
    std::optional<json::object> score;
    std::string engine = "dbt's test statuses";
    if (find_path(ctx.artifacts, {"plugins", "quality", "type"}) != nullptr) {
      Instance* quality = open_selected_plugin(ctx, "quality", "", true);
      if (quality == nullptr) {
        out.status = StepStatus::failed;
        return;
      }
      json::object options = data_check_options(ctx, project);
      std::string results_path = string_at(*response, {"run_results_path"});
      // dbt test writes the manifest beside its results, and not every dbt
      // runtime names it in test_models' answer.
      std::string manifest = string_at(*response, {"manifest_path"});
      if (manifest.empty() && !results_path.empty()) {
        fs::path beside = fs::path(results_path).parent_path() / "manifest.json";
        std::error_code ec;
        if (fs::is_regular_file(beside, ec)) manifest = beside.string();
      }
      if (!manifest.empty()) options["manifest_path"] = manifest;
      auto judged = call_plugin(ctx, *quality, "run_checks",
                                {{"suite_name", string_at(project, {"name"}, "dbt")},
                                 {"data_source", results_path},
                                 {"options", std::move(options)}},
                                stage);
      if (!judged) {
        out.status = StepStatus::failed;
        return;
      }
      checks = checks_from_plugin(*judged);
      score = call_plugin(ctx, *quality, "calculate_quality_score", {{"results", judged->at("checks")}}, stage);
      engine = fmt::format("the {} quality plugin", quality->label);
    } else {
      checks = checks_from_dbt(*response);
    }

    int passed = 0, failed = 0, warned = 0;
    for (const auto& c : checks) {
      if (c.status == "pass") {
        ++passed;
      } else if (c.status == "warn") {
        ++warned;
        stage.lines.push_back({"warning", fmt::format("{}: {}", c.id, c.message)});
      } else {
        ++failed;
        Diagnostic d = make_diagnostic(codes::X105, "quality", fmt::format("test {} failed: {}", c.id, c.message),
                                       node_location(ctx, project, c.id), "every data test passes",
                                       "query the failing rows (dbt test --store-failures keeps them) and fix the "
                                       "data or the model");
        d.severity = blocking ? Severity::error : Severity::warning;
        d.subject = c.id;
        ctx.report.diagnostics.add(std::move(d));
        stage.lines.push_back({blocking ? "error" : "warning", fmt::format("{}: {}", c.id, c.message)});
      }
    }
    stage.lines.insert(stage.lines.begin(),
                       {failed == 0 ? "ok" : (blocking ? "error" : "warning"),
                        fmt::format("{} test(s) passed, {} failed, {} warned, judged by {}{}", passed, failed, warned,
                                    engine,
                                    failed > 0 ? (blocking ? " (the quality gates block on failure)"
                                                           : " (the quality gates do not block: warnings)")
                                               : "")});
    if (built != nullptr)
      stage.lines.push_back({"info", "the tests ran in the transform step's dbt build (one dbt process)"});
    if (missing > 0)
      stage.lines.push_back({"warning", fmt::format("{} model(s) lack tests the quality gates require "
                                                    "(see the coverage findings of the compile above)",
                                                    missing)});
    out.summary = {{"tests_passed", passed}, {"tests_failed", failed}, {"tests_warned", warned},
                   {"tool_seconds", value_or_null(*response, {"execution_time_seconds"})},
                   {"blocking", blocking}, {"models_missing_required_tests", missing},
                   {"in_build", built != nullptr},
                   {"run_results_path", string_at(*response, {"run_results_path"})}};
    if (failed > 0 && blocking) {
      out.status = StepStatus::failed;
      out.message = fmt::format("{} data test(s) failed", failed);
    }
    if (score) {
      double value = score->contains("score") && score->at("score").is_number() ? score->at("score").to_number<double>() : 0;
      bool warning = score->contains("warning") && score->at("warning").is_bool() && score->at("warning").as_bool();
      bool blocked = score->contains("blocked") && score->at("blocked").is_bool() && score->at("blocked").as_bool();
      out.summary["quality_score"] = value;
      stage.lines.push_back({blocked ? "error" : warning ? "warning" : "ok", fmt::format("quality score {:.1f}", value)});
      if (blocked) {
        ctx.report.diagnostics.add(make_diagnostic(
            codes::X110, "quality", fmt::format("the quality score {:.1f} is below the platform's block_score", value),
            node_location(ctx, project, ""), "a quality score at or above plugins.quality.config.block_score",
            "fix the failing tests, or ask the platform team about the threshold"));
        out.status = StepStatus::failed;
        out.message = fmt::format("quality score {:.1f} blocks", value);
      }
    }
  });
}

}  // namespace floe::run
