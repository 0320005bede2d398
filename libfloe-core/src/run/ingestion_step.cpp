#include "run/ingestion_step.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <glob.h>

#include <filesystem>

#include "core/json_path.hpp"
#include "diag/codes.hpp"

namespace floe::run {
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

std::string absolute_in(const std::string& dir, const std::string& rel) {
  return fs::absolute(fs::path(dir) / rel).lexically_normal().string();
}

// A file named for the user: relative to the product when it is in it.
std::string shown_path(const std::string& product_dir, const std::string& file) {
  std::string rel = fs::path(file).lexically_relative(product_dir).generic_string();
  return rel.empty() || rel.starts_with("..") ? file : rel;
}

// floe.yaml's contract columns as the ingestion request takes them (name,
// type, nullable: classification is the platform's business, not dlt's).
json::array contract_columns(const json::object& source) {
  json::array out;
  const json::value* columns = find_path(source, {"contract", "columns"});
  if (columns == nullptr || !columns->is_array()) return out;
  for (const auto& c : columns->as_array()) {
    if (!c.is_object()) continue;
    json::object column{{"name", value_or_null(c.as_object(), {"name"})}};
    if (auto* t = c.as_object().if_contains("type")) column["type"] = *t;
    if (auto* n = c.as_object().if_contains("nullable")) column["nullable"] = *n;
    out.push_back(std::move(column));
  }
  return out;
}

json::object pipeline_request(const RunContext& ctx, const json::object& source) {
  std::string name = string_at(source, {"name"});
  json::object config{{"format", string_at(source, {"format"})},
                      {"path", absolute_in(ctx.product_dir, string_at(source, {"path"}))}};
  json::array columns = contract_columns(source);
  if (!columns.empty()) {
    config["columns"] = std::move(columns);
    if (auto mode = string_at(source, {"contract", "on_violation"}); !mode.empty()) config["on_violation"] = mode;
  }
  json::object r{{"name", name},
                 {"source_type", "filesystem"},
                 {"source_config", std::move(config)},
                 {"destination_table", string_at(source, {"destination"}, name)},
                 {"write_mode", string_at(source, {"write_mode"}, "append")}};
  if (auto* keys = source.if_contains("merge_keys"); keys != nullptr && keys->is_array()) r["merge_keys"] = *keys;
  return r;
}

// The first file the source's path (a file or a glob, as the plugin expands
// it) names that is outside the product's folder and every landing root the
// platform declares (compiled artifacts' landing_roots) once symlinks are
// resolved, or "" if none. The compile refused '..' paths and absolute ones
// under no root (FLOE-C308); this is the same rule for what the files really
// are, so a symlink in landing/ cannot hand the plugin /etc/shadow.
std::string file_outside(const std::string& product_dir, const json::object& artifacts, const std::string& pattern) {
  std::error_code ec;
  fs::path root = fs::canonical(product_dir, ec);
  if (ec) return "";
  std::vector<fs::path> roots{root};
  if (const json::value* declared = find_path(artifacts, {"landing_roots"}); declared != nullptr && declared->is_array())
    for (const auto& r : declared->as_array())
      if (r.is_string())
        if (fs::path real = fs::canonical(std::string(r.as_string()), ec); !ec) roots.push_back(real);
  auto contained = [&](const fs::path& real) {
    for (const auto& r : roots) {
      fs::path rel = real.lexically_relative(r);
      if (!rel.empty() && *rel.begin() != "..") return true;
    }
    return false;
  };
  glob_t matches{};
  if (::glob(pattern.c_str(), GLOB_NOSORT, nullptr, &matches) != 0) {
    ::globfree(&matches);
    return "";  // nothing matches: the plugin says which file is missing
  }
  std::string outside;
  for (std::size_t i = 0; i < matches.gl_pathc && outside.empty(); ++i) {
    fs::path real = fs::canonical(matches.gl_pathv[i], ec);
    if (ec) continue;
    if (!contained(real)) outside = matches.gl_pathv[i];
  }
  ::globfree(&matches);
  return outside;
}

// Each of the plugin's errors (and warnings) as a diagnostic at the file,
// line and column it names.
void report_problems(RunContext& ctx, const json::object& response, const std::string& source_name, Stage& stage) {
  for (const char* key : {"errors", "warnings"}) {
    const json::value* items = response.if_contains(key);
    if (items == nullptr || !items->is_array()) continue;
    bool error = std::string(key) == "errors";
    for (const auto& item : items->as_array()) {
      if (!item.is_object()) continue;
      const json::object& p = item.as_object();
      std::string message = string_at(p, {"message"});
      int line = 0;
      if (auto* l = p.if_contains("line"); l != nullptr && l->is_int64()) line = static_cast<int>(l->as_int64());
      Diagnostic d = make_diagnostic(codes::X103, "ingestion",
                                     fmt::format("ingestion source '{}': {}", source_name, message),
                                     {string_at(p, {"file"}, ctx.artifacts_path), line, 0},
                                     {}, "fix the file, or the source's contract in floe.yaml, then run again");
      d.severity = error ? Severity::error : Severity::warning;
      d.subject = string_at(p, {"column"}, source_name);
      d.actual = string_at(p, {"code"});
      ctx.report.diagnostics.add(std::move(d));
      stage.lines.push_back({error ? "error" : "warning", message});
    }
  }
}

}  // namespace

bool ingestion_steps(RunContext& ctx, const std::function<bool(const std::string&)>& proceed) {
  const json::value* sources = find_path(ctx.artifacts, {"ingestion", "sources"});
  if (sources == nullptr || !sources->is_array() || sources->as_array().empty()) return true;
  std::vector<const json::object*> selected;
  for (const auto& s : sources->as_array())
    if (s.is_object() && ctx.selection.source_selected(string_at(s, {"name"}))) selected.push_back(&s.as_object());
  if (selected.empty()) return true;

  if (find_path(ctx.artifacts, {"plugins", "ingestion", "type"}) == nullptr) {
    Stage& stage = ctx.report.stage("Ingestion");
    std::string why = fmt::format("the product declares {} ingestion source(s) but the platform selects no "
                                  "ingestion plugin: they are not loaded",
                                  selected.size());
    stage.lines.push_back({"warning", why});
    ctx.bus.publish({{"type", "log"}, {"level", "warning"}, {"message", why}});
    return true;
  }
  Instance* ingestion = open_selected_plugin(ctx, "ingestion", "", true);
  Instance* compute = ingestion != nullptr ? open_selected_plugin(ctx, "compute", "", true) : nullptr;
  if (ingestion == nullptr || compute == nullptr) return false;

  // Relative paths in the compute's configuration (a DuckDB file) are
  // relative to the dbt project, as dbt resolves them.
  std::string project_dir = ctx.product_dir;
  if (auto* projects = find_path(ctx.artifacts, {"dbt", "projects"}); projects != nullptr && projects->is_array() &&
                                                                        !projects->as_array().empty())
    project_dir = absolute_in(ctx.product_dir, string_at(projects->as_array().front(), {"path"}, "."));
  project_dir = fs::path(project_dir).lexically_normal().string();
  if (project_dir.size() > 1 && project_dir.back() == '/') project_dir.pop_back();

  bool all_ok = true;
  std::optional<json::object> destination;
  for (const json::object* source : selected) {
    std::string name = string_at(*source, {"name"});
    std::string step = "ingestion:" + name;
    if (!proceed(step)) {
      all_ok = false;
      continue;
    }
    StepOutcome outcome = run_step(
        ctx, step, "ingestion", fmt::format("Ingesting {} ({})", name, string_at(*source, {"path"})),
        [&](Stage& stage, StepOutcome& out) {
          out.status = StepStatus::failed;
          if (std::string outside = file_outside(ctx.product_dir, ctx.artifacts,
                                                   absolute_in(ctx.product_dir, string_at(*source, {"path"})));
              !outside.empty()) {
            Diagnostic d = make_diagnostic(
                codes::C308, "ingestion",
                fmt::format("ingestion source '{}': {} leads outside the product's folder and the platform's "
                            "landing roots (a symlink); it is not read",
                            name, shown_path(ctx.product_dir, outside)),
                {ctx.artifacts_path, 0, 0}, "files inside the folder of floe.yaml or a declared landing root",
                "copy the file into the project instead of linking to it");
            ctx.report.diagnostics.add(std::move(d));
            out.message = fmt::format("source '{}' was not loaded", name);
            return;
          }
          if (!destination) {
            destination = call_plugin(ctx, *compute, "get_ingestion_destination", {{"project_dir", project_dir}}, stage);
            if (!destination) return;
          }
          auto pipeline = call_plugin(ctx, *ingestion, "create_pipeline", pipeline_request(ctx, *source), stage);
          if (!pipeline) return;
          json::object env;
          for (const auto& [k, v] : ctx.tool_env) env[k] = v;
          json::object options{{"destination", *destination}, {"env", std::move(env)}, {"project_dir", project_dir}};
          auto response = call_plugin(ctx, *ingestion, "run",
                                      {{"pipeline_id", pipeline->at("pipeline_id")}, {"options", std::move(options)}},
                                      stage);
          if (!response) {
            if (ctx.cancelled()) out.status = StepStatus::cancelled;
            return;
          }
          report_problems(ctx, *response, name, stage);
          bool success = response->contains("success") && response->at("success").is_bool() &&
                         response->at("success").as_bool();
          std::int64_t rows = 0;
          if (auto* r = response->if_contains("rows_loaded"); r != nullptr && r->is_int64()) rows = r->as_int64();
          out.summary = {{"rows_loaded", rows},
                         {"tool_seconds", value_or_null(*response, {"duration_seconds"})},
                         {"tables", value_or_null(*response, {"tables"})},
                         {"files", value_or_null(*response, {"files"})}};
          if (success) {
            out.status = StepStatus::success;
            stage.lines.insert(stage.lines.begin(), {"ok", fmt::format("{} row(s) loaded into {}", rows,
                                                                       string_at(*source, {"destination"}, name))});
          } else {
            out.message = fmt::format("source '{}' was not loaded", name);
            const json::value* errors = response->if_contains("errors");
            if (errors == nullptr || !errors->is_array() || errors->as_array().empty())
              ctx.report.diagnostics.add(make_diagnostic(
                  codes::X103, "ingestion",
                  fmt::format("ingestion source '{}' was not loaded, and the plugin did not say why", name),
                  {ctx.artifacts_path, 0, 0}));
          }
        });
    if (outcome.status == StepStatus::cancelled) return false;
    if (outcome.status != StepStatus::success) {
      all_ok = false;
      if (ctx.request.fail_fast) return false;
    }
  }
  return all_ok;
}

}  // namespace floe::run
