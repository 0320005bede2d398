#include "run/semantic_step.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <filesystem>

#include "core/json_path.hpp"
#include "diag/codes.hpp"
#include "run/dbt_steps.hpp"

namespace floe::run {
namespace json = boost::json;
namespace fs = std::filesystem;

bool has_semantic_layer(const RunContext& ctx) {
  const json::value* selection = find_path(ctx.artifacts, {"plugins", "semantic_layer"});
  return selection != nullptr && !string_at(*selection, {"type"}).empty();
}

StepOutcome semantic_step(RunContext& ctx, const std::vector<json::object>& projects) {
  return run_step(ctx, "semantic", "semantic", "Writing the semantic layer's definitions of the built models",
                  [&](Stage& stage, StepOutcome& o) {
    auto warn = [&](const std::string& why) {
      Diagnostic d = make_diagnostic(codes::X114, "semantic", why, {ctx.artifacts_path, 0, 0}, {},
                                     "check plugins.semantic_layer in the platform (floe plugins info semantic_layer "
                                     "<type>); the product's data is built all the same");
      d.severity = Severity::warning;
      d.subject = "plugins.semantic_layer";
      ctx.report.diagnostics.add(std::move(d));
      stage.lines.push_back({"warning", why});
    };
    Instance* layer = open_selected_plugin(ctx, "semantic_layer", "", false);
    if (layer == nullptr) {
      for (auto& d : ctx.report.diagnostics.items())
        if (d.subject == "plugins.semantic_layer" && d.severity == Severity::error) d.severity = Severity::warning;
      warn("the semantic layer plugin cannot be opened: its definitions were not refreshed");
      return;
    }
    std::string output = (fs::absolute(ctx.product_dir) / "target" / "semantic").lexically_normal().string();
    json::array files, notes;
    for (const auto& project : projects) {
      std::string manifest = (fs::path(project_directory(ctx, project)) / "target" / "manifest.json").string();
      auto answer = ctx.registry.call_value(
          *layer, "sync_from_dbt_manifest",
          json::object{{"manifest_path", manifest},
                       {"output_dir", projects.size() == 1 ? output : output + "/" + string_at(project, {"name"})}});
      if (!answer) {
        warn(fmt::format("{} could not write its definitions: {}", layer->label, answer.error().message));
        continue;
      }
      const json::value& parsed = answer.value();
      if (!parsed.is_object()) {
        warn(fmt::format("{} answered sync_from_dbt_manifest with something other than a JSON object", layer->label));
        continue;
      }
      if (const json::value* f = parsed.as_object().if_contains("files"); f && f->is_array())
        for (const auto& file : f->as_array()) files.push_back(file);
      if (const json::value* n = parsed.as_object().if_contains("notes"); n && n->is_array())
        for (const auto& note : n->as_array()) {
          notes.push_back(note);
          if (note.is_string()) stage.lines.push_back({"info", std::string(note.as_string())});
        }
    }
    stage.lines.insert(stage.lines.begin(), {"ok", fmt::format("{} file(s) in {}", files.size(), output)});
    o.summary = {{"files", std::move(files)}, {"notes", std::move(notes)}};
  });
}

}  // namespace floe::run
