#include "fusion_locator.hpp"

#include <cstdlib>

#include "base/child_process.hpp"
#include "base/input_file.hpp"

namespace floe::dbt_fusion {

using base::find_in_path;
using base::is_executable_file;

bool is_native_executable(const std::string& path) {
  auto magic = read_input_head(path, 4);
  return magic && *magic == "\x7f" "ELF";
}

FusionLocation locate_fusion(const std::string& configured, const std::string& project_dir) {
  const char* venv = std::getenv("VIRTUAL_ENV");
  return locate_fusion(configured, venv != nullptr ? venv : "", project_dir);
}

FusionLocation locate_fusion(const std::string& configured, const std::string& virtual_env,
                             const std::string& project_dir) {
  FusionLocation where;
  if (!configured.empty()) {
    // A configured executable is the platform team's choice: no fallback,
    // and the run itself checks that it is Fusion.
    where.tried.push_back("plugins.dbt.config.executable = " + configured);
    where.path = find_in_path(configured);
    return where;
  }
  auto candidate = [&](const std::string& path, const std::string& label) {
    if (path.empty() || !is_executable_file(path)) {
      where.tried.push_back(label);
    } else if (!is_native_executable(path)) {
      where.tried.push_back(label + ": " + path + " is a script (dbt-core?), not the Fusion binary");
    } else {
      where.path = path;
    }
    return !where.path.empty();
  };
  if (candidate(find_in_path("dbtf"), "dbtf in PATH")) return where;
  if (!virtual_env.empty() && candidate(virtual_env + "/bin/dbt", virtual_env + "/bin/dbt ($VIRTUAL_ENV)")) return where;
  if (!project_dir.empty() && candidate(project_dir + "/.venv/bin/dbt", project_dir + "/.venv/bin/dbt")) return where;
  candidate(find_in_path("dbt"), "dbt in PATH");
  return where;
}

std::string fusion_not_found_message(const FusionLocation& location) {
  std::string tried;
  for (const auto& t : location.tried) tried += (tried.empty() ? "" : "; ") + t;
  return "dbt Fusion is not installed where floe looked (" + tried +
         "). Install it with dbt's installer, or from PyPI into a virtualenv of its own (its executable is named "
         "dbt, as dbt-core's is): `python3 -m venv .venv-fusion && .venv-fusion/bin/pip install dbt==2.0.0rc196`, "
         "then set plugins.dbt.config.executable to .venv-fusion/bin/dbt (scripts/install-dbt-fusion does this "
         "for the floe repository)";
}

}  // namespace floe::dbt_fusion
