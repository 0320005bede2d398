#include "python_locator.hpp"

#include <cstdlib>
#include <vector>

#include "base/child_process.hpp"
#include "floe/plugin.hpp"

namespace floe::plugin_support {

using base::find_in_path;
using base::is_executable_file;
namespace {

// The first directory of `path_variable` holding an executable `name`.
std::optional<std::string> on_path(const std::string& name, const std::optional<std::string>& path_variable) {
  if (!path_variable) return std::nullopt;
  std::size_t start = 0;
  while (start <= path_variable->size()) {
    std::size_t end = path_variable->find(':', start);
    if (end == std::string::npos) end = path_variable->size();
    std::string dir = path_variable->substr(start, end - start);
    // An empty entry means the working directory: never trusted here.
    if (!dir.empty() && dir.front() == '/') {
      std::string candidate = dir + (dir.back() == '/' ? "" : "/") + name;
      if (is_executable_file(candidate)) return candidate;
    }
    start = end + 1;
  }
  return std::nullopt;
}

std::optional<std::string> environment(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

}  // namespace

python_found locate_python(const python_search& search) {
  if (search.configured) {
    const std::string& configured = *search.configured;
    if (configured.front() == '/') {
      if (is_executable_file(configured)) return {configured, "the plugin config's python"};
      return {"", "the plugin config's python '" + configured + "' is not an executable file"};
    }
    if (auto found = on_path(configured, search.path)) return {*found, "the plugin config's python, found on PATH"};
    return {"", "the plugin config's python '" + configured + "' is not on PATH"};
  }

  std::vector<std::string> tried;
  // The interpreter of a virtualenv under `root`, if there is one.
  auto in_virtualenv = [&](const std::optional<std::string>& root, const char* suffix,
                           const char* unset) -> std::optional<std::string> {
    if (!root) {
      tried.push_back(unset);
      return std::nullopt;
    }
    std::string candidate = *root + suffix;
    if (is_executable_file(candidate)) return candidate;
    tried.push_back(candidate);
    return std::nullopt;
  };
  if (auto found = in_virtualenv(search.virtual_env, "/bin/python", "$VIRTUAL_ENV/bin/python (VIRTUAL_ENV is not set)"))
    return {*found, "the active virtualenv ($VIRTUAL_ENV)"};
  if (auto found = in_virtualenv(search.project_dir, "/.venv/bin/python",
                                 "<project_dir>/.venv/bin/python (the run request gave no project_dir)"))
    return {*found, "the project's virtualenv (.venv in project_dir)"};
  if (auto found = on_path("python3", search.path)) return {*found, "python3 on PATH"};
  tried.push_back("python3 on PATH");

  std::string how = "no Python interpreter found; tried ";
  for (std::size_t i = 0; i < tried.size(); ++i) how += (i ? ", " : "") + tried[i];
  return {"", how};
}

std::string configured_python(const boost::json::value& value) {
  auto invalid = [](const std::string& why) { throw floe::sdk::error(FLOE_ERR_INVALID_CONFIG, "key 'python': " + why); };
  if (!value.is_string() || value.get_string().empty()) invalid("expected a non-empty string");
  std::string python(value.get_string());
  if (python.find('/') != std::string::npos && python.front() != '/')
    invalid("'" + python + "' is a relative path; give an absolute path or a command name found on PATH");
  return python;
}

python_search python_search_from_environment(std::optional<std::string> configured,
                                             std::optional<std::string> project_dir) {
  return {std::move(configured), environment("VIRTUAL_ENV"), std::move(project_dir), environment("PATH")};
}

}  // namespace floe::plugin_support
