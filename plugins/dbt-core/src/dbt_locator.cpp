#include "dbt_locator.hpp"

#include <cstdlib>

#include "base/child_process.hpp"

namespace floe::dbt_core {

using base::find_in_path;
using base::is_executable_file;

DbtLocation locate_dbt(const std::string& configured, const std::string& project_dir) {
  const char* venv = std::getenv("VIRTUAL_ENV");
  return locate_dbt(configured, venv != nullptr ? venv : "", project_dir);
}

DbtLocation locate_dbt(const std::string& configured, const std::string& virtual_env, const std::string& project_dir) {
  DbtLocation where;
  auto try_path = [&](const std::string& candidate, const std::string& label) {
    where.tried.push_back(label);
    if (is_executable_file(candidate)) where.path = candidate;
    return !where.path.empty();
  };
  if (!configured.empty()) {
    // A configured executable is the platform team's choice: no fallback.
    std::string found = find_in_path(configured);
    where.tried.push_back("plugins.dbt.config.executable = " + configured);
    where.path = found;
    return where;
  }
  if (!virtual_env.empty() && try_path(virtual_env + "/bin/dbt", virtual_env + "/bin/dbt ($VIRTUAL_ENV)")) return where;
  if (!project_dir.empty() && try_path(project_dir + "/.venv/bin/dbt", project_dir + "/.venv/bin/dbt")) return where;
  where.tried.push_back("dbt in PATH");
  where.path = find_in_path("dbt");
  return where;
}

std::string dbt_not_found_message(const DbtLocation& location) {
  std::string tried;
  for (const auto& t : location.tried) tried += (tried.empty() ? "" : "; ") + t;
  return "dbt is not installed where floe looked (" + tried +
         "). Install dbt-core with the adapter of your compute into the project's virtualenv, e.g. "
         "`python3 -m venv .venv && .venv/bin/pip install dbt-core==1.11.16 dbt-duckdb==1.11.1` "
         "(scripts/bootstrap does this for the floe repository), or set plugins.dbt.config.executable";
}

}  // namespace floe::dbt_core
