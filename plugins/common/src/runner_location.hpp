// Where a plugin's Python runner (its script and modules) is installed: in
// the directory "<library name>-runner" beside the plugin library, in the
// build tree and in every install alike (floe_add_python_runner in
// plugins/common/CMakeLists.txt puts it there).
#ifndef FLOE_PLUGIN_SUPPORT_RUNNER_LOCATION_HPP
#define FLOE_PLUGIN_SUPPORT_RUNNER_LOCATION_HPP

#include <filesystem>

namespace floe::plugin_support {

// The runner directory for a plugin library at `library`.
std::filesystem::path runner_directory_beside(const std::filesystem::path& library);

// The runner directory of the plugin library this code is linked into; empty if the
// library's own path cannot be found.
std::filesystem::path runner_directory();

}  // namespace floe::plugin_support

#endif  // FLOE_PLUGIN_SUPPORT_RUNNER_LOCATION_HPP
