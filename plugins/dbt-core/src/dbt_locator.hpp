// Which dbt executable a run uses. The order (docs/run.md#which-dbt):
//   1. plugins.dbt.config.executable (a path, or a name looked up in PATH)
//   2. $VIRTUAL_ENV/bin/dbt (the active virtualenv)
//   3. <project_dir>/.venv/bin/dbt (a project-local virtualenv)
//   4. dbt in PATH
#pragma once

#include <string>
#include <vector>

namespace floe::dbt_core {

struct DbtLocation {
  std::string path;                 // empty when none was found
  std::vector<std::string> tried;   // every place looked at, in order, for the error message
};

// `virtual_env` is $VIRTUAL_ENV ("" when unset); PATH is the process's.
DbtLocation locate_dbt(const std::string& configured, const std::string& virtual_env, const std::string& project_dir);

// The same, with $VIRTUAL_ENV of this process.
DbtLocation locate_dbt(const std::string& configured, const std::string& project_dir);

// "dbt is not installed where floe looked (...): install dbt-core and an
// adapter into the project's virtualenv, e.g. ..." — the message of a failed
// lookup.
std::string dbt_not_found_message(const DbtLocation& location);

}  // namespace floe::dbt_core
