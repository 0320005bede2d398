#include "run/changed_state.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "base/paths.hpp"
#include "run/dbt_steps.hpp"

namespace floe::run {
namespace fs = std::filesystem;

namespace {

constexpr const char* kStateDir = "floe_state";

fs::path state_dir(const RunContext& ctx, const boost::json::object& project) {
  return fs::path(project_directory(ctx, project)) / "target" / kStateDir;
}

}  // namespace

std::optional<std::string> changed_state(const RunContext& ctx, const boost::json::object& project) {
  if (!ctx.request.changed) return std::nullopt;
  fs::path dir = state_dir(ctx, project);
  std::error_code ec;
  if (!fs::is_regular_file(dir / "manifest.json", ec)) return std::nullopt;
  return dir.string();
}

std::vector<std::string> changed_selection(const std::vector<std::string>& select) {
  if (select.empty()) return {"state:modified+"};
  std::vector<std::string> out;
  for (const auto& s : select) out.push_back("state:modified+," + s);
  return out;
}

bool keep_changed_state(const RunContext& ctx, const std::vector<boost::json::object>& projects, std::string& problem) {
  for (const auto& project : projects) {
    fs::path target = fs::path(project_directory(ctx, project)) / "target";
    fs::path dir = state_dir(ctx, project);
    // floe never writes through a symbolic link below the project.
    if (std::string link = symlink_below(project_directory(ctx, project), dir.string()); !link.empty()) {
      problem = link + " is a symbolic link: floe does not write through it";
      return false;
    }
    // Copied, not read: a large project's manifest is hundreds of MB. A
    // copy beside the state, then renamed over it: a reader never sees half.
    std::error_code ec;
    fs::create_directories(dir, ec);
    fs::path partial = dir / ("manifest.json.tmp-" + ctx.run_id);
    if (!ec) fs::copy_file(target / "manifest.json", partial, fs::copy_options::overwrite_existing, ec);
    if (!ec) fs::rename(partial, dir / "manifest.json", ec);
    if (ec) {
      problem = fmt::format("cannot keep {} as the state of the next --changed run: {}", (target / "manifest.json").string(),
                            ec.message());
      fs::remove(partial, ec);
      return false;
    }
  }
  return true;
}

}  // namespace floe::run
