#include "dbt_target.hpp"

#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "base/input_file.hpp"
#include "dbt_messages.hpp"
#include "floe/plugin.hpp"

namespace floe::dbt_common {

std::string dbt_target_dir(const std::string& project_dir) {
  if (const char* env = std::getenv("DBT_TARGET_PATH"); env != nullptr && *env != '\0')
    return env[0] == '/' ? std::string(env) : project_dir + "/" + env;
  // A top-level `target-path: <dir>` in dbt_project.yml; only that one
  // scalar is read, so a line scan is enough.
  auto text = read_input_file(project_dir + "/dbt_project.yml", InputRules{input_limits::kDbtFile});
  std::istringstream in(text ? *text : std::string());
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("target-path:", 0) != 0) continue;
    std::string value = line.substr(12);
    value.erase(0, value.find_first_not_of(" \t"));
    if (auto hash = value.find(" #"); hash != std::string::npos) value.erase(hash);
    value = trim_end(value);
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
      value = value.substr(1, value.size() - 2);
    if (!value.empty()) return value.front() == '/' ? value : project_dir + "/" + value;
  }
  return project_dir + "/target";
}

boost::json::value artifact_path(const boost::json::value& request, const char* what, const char* file,
                                 const char* key) {
  const auto& object = floe::sdk::as_object(request, what);
  for (const auto& [k, v] : object)
    if (k != "project_dir")
      throw floe::sdk::error(FLOE_ERR_INVALID_ARGUMENT, "unknown key '" + std::string(k) + "' in the request");
  std::string project_dir = floe::sdk::required_string(object, "project_dir");
  std::string path = dbt_target_dir(project_dir) + "/" + file;
  if (!std::filesystem::is_regular_file(path))
    throw floe::sdk::error(FLOE_ERR_NOT_FOUND, path + " does not exist: dbt has not written it yet in this project");
  return {{key, path}};
}

}  // namespace floe::dbt_common
