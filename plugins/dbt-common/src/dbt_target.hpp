// Where dbt writes its artifacts in a project, and the get_manifest /
// get_run_results answers every dbt runtime gives from there.
#pragma once

#include <boost/json/value.hpp>

#include <string>

namespace floe::dbt_common {

// $DBT_TARGET_PATH, else <project_dir>/<target-path of dbt_project.yml>,
// else <project_dir>/target.
std::string dbt_target_dir(const std::string& project_dir);

// get_manifest / get_run_results: {"<key>": <target dir>/<file>} for a
// request {"project_dir"}; FLOE_ERR_NOT_FOUND when dbt has not written it.
boost::json::value artifact_path(const boost::json::value& request, const char* what, const char* file,
                                 const char* key);

}  // namespace floe::dbt_common
