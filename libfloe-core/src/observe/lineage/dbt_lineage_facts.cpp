#include "observe/lineage/dbt_lineage_facts.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <filesystem>

#include "base/json_text.hpp"
#include "base/input_file.hpp"

namespace floe::observe {
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

// dbt's catalog.json: nodes and sources, each with columns {name: {type, index}}.
std::map<std::string, std::vector<Column>> read_catalog(const fs::path& path) {
  std::map<std::string, std::vector<Column>> out;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return out;
  auto parsed = read_json_file(path.string(), input_limits::kDbtCatalog);
  if (!parsed || !parsed.value().is_object()) return out;
  for (const char* section : {"nodes", "sources"}) {
    const json::value* nodes = parsed.value().as_object().if_contains(section);
    if (nodes == nullptr || !nodes->is_object()) continue;
    for (const auto& [id, node] : nodes->as_object()) {
      const json::value* columns = node.is_object() ? node.as_object().if_contains("columns") : nullptr;
      if (columns == nullptr || !columns->is_object()) continue;
      std::vector<std::pair<std::int64_t, Column>> ordered;
      for (const auto& [name, column] : columns->as_object()) {
        if (!column.is_object()) continue;
        const json::value* type = column.as_object().if_contains("type");
        const json::value* index = column.as_object().if_contains("index");
        ordered.push_back({index != nullptr && index->is_int64() ? index->as_int64() : 0,
                           Column{std::string(name), type != nullptr && type->is_string() ? std::string(type->as_string())
                                                                                          : std::string()}});
      }
      std::stable_sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      auto& list = out[std::string(id)];
      for (auto& [index, column] : ordered) list.push_back(std::move(column));
    }
  }
  return out;
}

// The name dbt gives a generic test before it shortens long names.
std::string generic_test_name(const dbt::DbtModel& model, const dbt::DbtTest& test) {
  std::string name = test.type;
  std::replace(name.begin(), name.end(), '.', '_');
  name += "_" + model.name;
  if (!test.column_name.empty()) name += "_" + test.column_name;
  return name;
}

// dbt shortens a generic test name of 64 characters or more to its first 30
// and a hash.
constexpr std::size_t kShortenedPrefix = 30;

}  // namespace

DbtLineageFacts::DbtLineageFacts(const std::string& project_dir) {
  fs::path target = fs::path(project_dir) / "target";
  std::error_code ec;
  if (fs::is_regular_file(target / "manifest.json", ec)) {
    Diagnostics ignored;  // a manifest floe cannot read only costs the upstream datasets
    if (!dbt::read_dbt_manifest((target / "manifest.json").string(), project_, ignored)) project_ = {};
  }
  catalog_ = read_catalog(target / "catalog.json");
}

const dbt::DbtModel* DbtLineageFacts::model(const std::string& name) const { return project_.find_model(name); }

std::vector<Column> DbtLineageFacts::columns(const std::string& unique_id, const dbt::DbtModel* model) const {
  if (auto it = catalog_.find(unique_id); it != catalog_.end()) return it->second;
  std::vector<Column> out;
  if (model != nullptr)
    for (const auto& c : model->columns) out.push_back({c.name, ""});
  return out;
}

std::optional<DbtLineageFacts::TestTarget> DbtLineageFacts::test_target(const std::string& test_name) const {
  // An exact name first: "not_null_orders_id" is orders.id, even when a
  // model orders_id exists.
  for (const auto& model : project_.models)
    for (const auto& test : model.tests)
      if (test_name == generic_test_name(model, test)) return TestTarget{&model, &test};
  std::optional<TestTarget> found;
  int matches = 0;
  for (const auto& model : project_.models) {
    for (const auto& test : model.tests) {
      std::string expected = generic_test_name(model, test);
      bool with_arguments = test_name.starts_with(expected + "_");
      bool shortened = expected.size() >= kShortenedPrefix && test_name.size() > kShortenedPrefix &&
                       test_name.compare(0, kShortenedPrefix, expected, 0, kShortenedPrefix) == 0 &&
                       test_name[kShortenedPrefix] == '_';
      if (with_arguments || shortened) {
        found = TestTarget{&model, &test};
        ++matches;
      }
    }
  }
  if (matches == 1) return found;
  return std::nullopt;
}

}  // namespace floe::observe
