// One canonical order for a DbtProject, whichever reader produced it, so a
// project read from files and the same project read from manifest.json
// compare equal: models by (name, unique_id), sources by (source_name,
// table_name), tests by (column, type), tags sorted and unique. Columns and
// refs keep their order of appearance (schema.yml order / call order).
#pragma once

#include <string>

#include "dbt/dbt_project.hpp"

namespace floe::dbt {

void normalize_project(DbtProject& project);
// One model's part of it (its tags and tests), for a model merged again.
void normalize_model(DbtModel& model);

// `dir` joined with a project-relative path, as a user would type it
// ("proj" + "models/a.sql" -> "proj/models/a.sql"; "." + x -> x).
std::string project_path(const std::string& dir, const std::string& relative);

}  // namespace floe::dbt
