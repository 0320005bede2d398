// Compares two DbtProjects on what enforcement uses (models, columns, tests,
// refs, sources, materialization, tags, meta, descriptions) and lists every
// difference in words, so a failing equivalence test says what differs.
#pragma once

#include <string>
#include <vector>

#include "dbt/dbt_project.hpp"

namespace floe::test {

// The model called `name`; throws (failing the test case with the name) when there is none.
const floe::dbt::DbtModel& model_named(const floe::dbt::DbtProject& project, const std::string& name);

// Every field of the project, locations included, one per line: two reads
// that print the same gave the same project.
std::string described(const floe::dbt::DbtProject& p);

std::vector<std::string> project_differences(const floe::dbt::DbtProject& a, const floe::dbt::DbtProject& b);

}  // namespace floe::test
