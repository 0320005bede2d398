#include "dbt/project_normalize.hpp"

#include <algorithm>
#include <filesystem>
#include <tuple>

#include "base/on_cores.hpp"
#include "base/paths.hpp"
#include "dbt/yaml_support.hpp"

namespace floe::dbt {

namespace {

// A model has a handful of tests: an insertion sort (stable) needs no buffer,
// where std::stable_sort allocates one per model.
void sort_tests(std::vector<DbtTest>& tests) {
  auto less = [](const DbtTest& a, const DbtTest& b) {
    return std::tie(a.column_name, a.type) < std::tie(b.column_name, b.type);
  };
  if (tests.size() > 32) {
    std::stable_sort(tests.begin(), tests.end(), less);
    return;
  }
  for (std::size_t i = 1; i < tests.size(); ++i)
    for (std::size_t j = i; j > 0 && less(tests[j], tests[j - 1]); --j) std::swap(tests[j], tests[j - 1]);
}

// Sorted through an index, each model moved once: sorting the models
// themselves moved each ~10 times, every string and vector of it.
void sort_models(std::vector<DbtModel>& models) {
  auto less = [](const DbtModel& a, const DbtModel& b) { return std::tie(a.name, a.unique_id) < std::tie(b.name, b.unique_id); };
  if (std::is_sorted(models.begin(), models.end(), less)) return;
  std::vector<std::size_t> order(models.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return less(models[a], models[b]); });
  std::vector<DbtModel> sorted;
  sorted.reserve(models.size());
  for (std::size_t i : order) sorted.push_back(std::move(models[i]));
  models = std::move(sorted);
}

}  // namespace

void normalize_model(DbtModel& model) {
  normalize_tags(model.tags);
  for (auto& column : model.columns) normalize_tags(column.tags);
  sort_tests(model.tests);
}

void normalize_project(DbtProject& project) {
  // Each model on its own: spread over the cores in blocks (100k models:
  // ~60 ms on one).
  constexpr std::size_t kBlock = 2048;
  std::vector<DbtModel>& models = project.models;
  for_each_on_cores((models.size() + kBlock - 1) / kBlock, 4, [&](std::size_t block) {
    const std::size_t end = std::min(models.size(), (block + 1) * kBlock);
    for (std::size_t i = block * kBlock; i < end; ++i) normalize_model(models[i]);
  });
  sort_models(project.models);
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
