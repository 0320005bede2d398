#include "dbt/project_normalize.hpp"

#include <algorithm>
#include <filesystem>
#include <tuple>

#include "core/paths.hpp"
#include "dbt/yaml_support.hpp"

namespace floe::dbt {

void normalize_project(DbtProject& project) {
  for (auto& model : project.models) {
    normalize_tags(model.tags);
    for (auto& column : model.columns) normalize_tags(column.tags);
    std::stable_sort(model.tests.begin(), model.tests.end(), [](const DbtTest& a, const DbtTest& b) {
      return std::tie(a.column_name, a.type) < std::tie(b.column_name, b.type);
    });
  }
  std::sort(project.models.begin(), project.models.end(), [](const DbtModel& a, const DbtModel& b) {
    return std::tie(a.name, a.unique_id) < std::tie(b.name, b.unique_id);
  });
  std::sort(project.seeds.begin(), project.seeds.end());
  project.seeds.erase(std::unique(project.seeds.begin(), project.seeds.end()), project.seeds.end());
  std::stable_sort(project.sources.begin(), project.sources.end(), [](const DbtSource& a, const DbtSource& b) {
    return std::tie(a.source_name, a.table_name) < std::tie(b.source_name, b.table_name);
  });
}

std::string project_path(const std::string& dir, const std::string& relative) {
  return joined_normal_path(dir, relative);
}

}  // namespace floe::dbt
