// Which Python runs dlt. The order (documented in the plugin README):
//   1. the plugin config's `python` (an absolute path, or a name on PATH);
//   2. $VIRTUAL_ENV/bin/python, when a virtualenv is active;
//   3. <project_dir>/.venv/bin/python, the product's own virtualenv;
//   4. python3 on PATH.
// A configured interpreter that is missing is an error, never skipped;
// the others are tried in turn. Paths are used as found, never resolved
// through symbolic links (a virtualenv's python is a link out of it).
#ifndef FLOE_INGESTION_DLT_PYTHON_LOCATOR_HPP
#define FLOE_INGESTION_DLT_PYTHON_LOCATOR_HPP

#include <optional>
#include <string>

namespace floe::ingestion_dlt {

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

// The search with the process environment's VIRTUAL_ENV and PATH.
python_search python_search_from_environment(std::optional<std::string> configured,
                                             std::optional<std::string> project_dir);

}  // namespace floe::ingestion_dlt

#endif  // FLOE_INGESTION_DLT_PYTHON_LOCATOR_HPP
