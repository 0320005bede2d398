// Which dbt Fusion binary a run uses. The order (docs/run.md#which-dbt):
//   1. plugins.dbt.config.executable (a path, or a name looked up in PATH)
//   2. dbtf in PATH (the alias Fusion's installer makes)
//   3. $VIRTUAL_ENV/bin/dbt (`pip install dbt` in the active virtualenv)
//   4. <project_dir>/.venv/bin/dbt (the same in a project-local virtualenv)
//   5. dbt in PATH
// Fusion and dbt-core both install an executable named dbt; from 2. on only a
// native binary counts (dbt-core's is a Python script), so a virtualenv
// with dbt-core is passed over instead of being run as Fusion.
#pragma once

#include <string>
#include <vector>

namespace floe::dbt_fusion {

struct FusionLocation {
  std::string path;                // empty when none was found
  std::vector<std::string> tried;  // every place looked at, in order, for the error message
};

// `virtual_env` is $VIRTUAL_ENV ("" when unset); PATH is the process's.
FusionLocation locate_fusion(const std::string& configured, const std::string& virtual_env,
                             const std::string& project_dir);

// The same, with $VIRTUAL_ENV of this process.
FusionLocation locate_fusion(const std::string& configured, const std::string& project_dir);

// True if `path` starts as an ELF executable does (not a script).
bool is_native_executable(const std::string& path);

// "dbt Fusion is not installed where floe looked (...)" with the install
// step: the message of a failed lookup.
std::string fusion_not_found_message(const FusionLocation& location);

}  // namespace floe::dbt_fusion
