#include "run/compute_check.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "core/json_path.hpp"
#include "diag/codes.hpp"

namespace floe::run {
namespace json = boost::json;

bool compute_answers(RunContext& ctx, Stage& stage) {
  const json::value* selection = find_path(ctx.artifacts, {"plugins", "compute"});
  std::string type = selection != nullptr ? string_at(*selection, {"type"}) : std::string();
  // DuckDB runs inside the dbt process on the file the compile prepared:
  // there is nothing to reach (and its plugin would resolve a relative path
  // against floe's working directory, not the project's).
  if (profile_output_type(ctx, string_at(ctx.artifacts, {"dbt", "target"}, "floe")) == "duckdb") return true;
  Instance* compute = open_selected_plugin(ctx, "compute", "", true);
  if (compute == nullptr) return false;
  ConnectionAnswer answer = ask_validate_connection(ctx, *compute, json::object{{"timeout_ms", 15000}});
  if (answer.answers) {
    stage.lines.push_back({"ok", fmt::format("compute '{}': {}", type, answer.message)});
    return true;
  }
  const std::string& problem = answer.message;
  Diagnostic d = make_diagnostic(codes::X115, "run", fmt::format("compute '{}' does not answer: {}", type, problem),
                                 {ctx.artifacts_path, 0, 0}, "the platform's compute reachable from where floe runs",
                                 "start the compute (or fix plugins.compute in the platform manifest), then run again");
  d.subject = "plugins.compute";
  ctx.report.diagnostics.add(std::move(d));
  stage.lines.push_back({"error", fmt::format("compute '{}' does not answer: dbt was not started", type)});
  return false;
}

}  // namespace floe::run
