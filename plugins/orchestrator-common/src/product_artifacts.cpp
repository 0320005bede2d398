#include "product_artifacts.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/input_file.hpp"
#include "floe/plugin.hpp"
#include "runner_location.hpp"

namespace floe::orchestrator_common {

namespace json = boost::json;
namespace fs = std::filesystem;
using floe::sdk::error;

const json::value* at(const json::object& o, std::initializer_list<const char*> path) {
  const json::value* v = nullptr;
  const json::object* cur = &o;
  for (const char* key : path) {
    if (cur == nullptr) return nullptr;
    v = cur->if_contains(key);
    if (v == nullptr) return nullptr;
    cur = v->is_object() ? &v->as_object() : nullptr;
  }
  return v;
}

std::string text(const json::object& o, std::initializer_list<const char*> path) {
  const json::value* v = at(o, path);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

void only_keys(const json::object& o, std::initializer_list<const char*> keys) {
  for (const auto& [k, v] : o) {
    bool known = false;
    for (const char* key : keys) known = known || k == key;
    if (!known) throw error(FLOE_ERR_INVALID_ARGUMENT, "unknown key '" + std::string(k) + "' in the request");
  }
}

std::string product_file_of(const json::object& artifacts) {
  const json::value* chain = at(artifacts, {"inheritance", "chain"});
  if (chain == nullptr || !chain->is_array() || chain->as_array().empty()) return {};
  const json::value& last = chain->as_array().back();
  return last.is_object() ? text(last.as_object(), {"source"}) : std::string();
}

json::array secret_env_names(const json::object& artifacts) {
  json::array names;
  const json::value* plugins = at(artifacts, {"plugins"});
  if (plugins == nullptr || !plugins->is_object()) return names;
  for (const auto& [category, selection] : plugins->as_object()) {
    const json::value* secrets = selection.is_object() ? selection.as_object().if_contains("secrets") : nullptr;
    if (secrets == nullptr || !secrets->is_object()) continue;
    for (const auto& [key, ref] : secrets->as_object())
      if (ref.is_object())
        if (std::string name = text(ref.as_object(), {"env_var"}); !name.empty())
          names.push_back(json::object{{"plugin", category}, {"secret", key}, {"env_var", name}});
  }
  return names;
}

dbt_paths dbt_paths_of(const json::object& artifacts, const std::string& product_file) {
  // What the orchestrator runs must exist: the product's file and its dbt project.
  if (product_file.empty())
    throw error(FLOE_ERR_NOT_FOUND, "the product's floe.yaml is unknown: give product_file, or artifacts whose "
                                    "inheritance chain ends with the product's source");
  if (!fs::path(product_file).is_absolute())
    throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'product_file': must be an absolute path, got '" + product_file + "'");
  const json::value* projects = at(artifacts, {"dbt", "projects"});
  if (projects == nullptr || !projects->is_array() || projects->as_array().empty() || !projects->as_array()[0].is_object())
    throw error(FLOE_ERR_NOT_FOUND, "key 'artifacts.dbt.projects': the compiled artifacts name no dbt project");
  fs::path product_dir = fs::path(product_file).parent_path();
  fs::path project_dir = (product_dir / text(projects->as_array()[0].as_object(), {"path"})).lexically_normal();
  if (!project_dir.has_filename()) project_dir = project_dir.parent_path();  // "dir/." normalises to "dir/"
  fs::path profiles = (product_dir / text(artifacts, {"dbt", "profiles_path"})).lexically_normal();
  std::string target = text(artifacts, {"dbt", "target"});
  return {project_dir.string(), (project_dir / "target" / "manifest.json").string(), profiles.parent_path().string(),
          target.empty() ? "floe" : target};
}

json::array ingestion_sources(const json::object& artifacts) {
  json::array sources;
  const json::value* list = at(artifacts, {"ingestion", "sources"});
  if (list == nullptr || !list->is_array()) return sources;
  for (const auto& s : list->as_array()) {
    if (!s.is_object()) continue;
    const json::object& source = s.as_object();
    std::string name = text(source, {"name"});
    std::string table = text(source, {"destination"}).empty() ? name : text(source, {"destination"});
    sources.push_back(json::object{{"name", name}, {"path", text(source, {"path"})}, {"table", table},
                                   {"schema", "raw"}, {"write_mode", text(source, {"write_mode"})}});
  }
  return sources;
}

json::array output_port_tables(const json::object& artifacts) {
  json::array tables;
  const json::value* ports = at(artifacts, {"ports", "output"});
  if (ports == nullptr || !ports->is_array()) return tables;
  for (const auto& port : ports->as_array())
    if (port.is_object())
      if (std::string table = text(port.as_object(), {"table"});
          !table.empty() && std::find(tables.begin(), tables.end(), json::value(table)) == tables.end())
        tables.push_back(json::string(table));
  return tables;
}

product_schedule schedule_of(const json::object& artifacts) {
  product_schedule out;
  const json::value* schedule = at(artifacts, {"schedule"});
  if (schedule == nullptr || !schedule->is_object()) return out;
  const json::object& s = schedule->as_object();
  out.declared = true;
  out.cron = text(s, {"cron"});
  out.timezone = text(s, {"timezone"}).empty() ? "UTC" : text(s, {"timezone"});
  const json::value* enabled = s.if_contains("enabled");
  out.enabled = enabled == nullptr || !enabled->is_bool() || enabled->as_bool();
  return out;
}

std::string template_text(const std::string& file) {
  fs::path path = plugin_support::runner_directory() / file;
  auto content = read_input_file(path.string(), InputRules{input_limits::kConfigFile});
  if (!content) throw error(FLOE_ERR_NOT_FOUND, "the template " + path.string() + " cannot be read (" +
                                                    content.error().message + "): reinstall the plugin");
  return std::move(content).value();
}

json::value resource_preset(const std::string& size) {
  auto preset = [](const char* cpu, const char* cpu_limit, const char* memory, const char* memory_limit) {
    return json::value{{"cpu_request", cpu}, {"cpu_limit", cpu_limit}, {"memory_request", memory}, {"memory_limit", memory_limit}};
  };
  if (size == "small") return preset("250m", "500m", "512Mi", "1Gi");
  if (size == "medium") return preset("500m", "1", "1Gi", "2Gi");
  if (size == "large") return preset("1", "2", "2Gi", "4Gi");
  throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'workload_size': unknown size '" + size + "' (small, medium, large)");
}

}  // namespace floe::orchestrator_common
