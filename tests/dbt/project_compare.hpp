// Compares two DbtProjects on what enforcement uses (models, columns, tests,
// refs, sources, materialization, tags, meta, descriptions) and lists every
// difference in words, so a failing equivalence test says what differs.
#pragma once

#include <string>
#include <vector>

#include "dbt/dbt_project.hpp"

namespace floe::test {

std::vector<std::string> project_differences(const floe::dbt::DbtProject& a, const floe::dbt::DbtProject& b);

}  // namespace floe::test
