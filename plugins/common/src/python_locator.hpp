// Which Python runs a plugin's Python runner (dlt, Great Expectations). The
// order (documented in each such plugin's README):
//   1. the plugin config's `python` (an absolute path, or a name on PATH);
//   2. $VIRTUAL_ENV/bin/python, when a virtualenv is active;
//   3. <project_dir>/.venv/bin/python, the product's own virtualenv;
//   4. python3 on PATH.
// A configured interpreter that is missing is an error, never skipped;
// the others are tried in turn. Paths are used as found, never resolved
// through symbolic links (a virtualenv's python is a link out of it).
#ifndef FLOE_PLUGIN_SUPPORT_PYTHON_LOCATOR_HPP
#define FLOE_PLUGIN_SUPPORT_PYTHON_LOCATOR_HPP

#include <boost/json/value.hpp>

#include <optional>
#include <string>

namespace floe::plugin_support {

struct python_search {
  std::optional<std::string> configured;    // the config's `python`
  std::optional<std::string> virtual_env;   // $VIRTUAL_ENV
  std::optional<std::string> project_dir;   // the run's project_dir
  std::optional<std::string> path;          // $PATH
};

struct python_found {
  std::string path;  // empty when none was found
  std::string how;   // how it was chosen, or (when none) everything that was tried
};

python_found locate_python(const python_search& search);

// A plugin config's `python` value checked: a non-empty string, an
// absolute path or a bare command name (a relative path would depend on the
// directory floe happens to run in). Throws floe::sdk::error
// (INVALID_CONFIG, "key 'python': ...") otherwise.
std::string configured_python(const boost::json::value& value);

// The search with the process environment's VIRTUAL_ENV and PATH.
python_search python_search_from_environment(std::optional<std::string> configured,
                                             std::optional<std::string> project_dir);

}  // namespace floe::plugin_support

#endif  // FLOE_PLUGIN_SUPPORT_PYTHON_LOCATOR_HPP
