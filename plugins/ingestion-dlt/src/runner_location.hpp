// Where the Python runner (run_dlt.py and its modules) is installed: in the
// directory "<library name>-runner" beside the plugin library, in the build
// tree and in every install alike (plugins/ingestion-dlt/CMakeLists.txt
// puts it there).
#ifndef FLOE_INGESTION_DLT_RUNNER_LOCATION_HPP
#define FLOE_INGESTION_DLT_RUNNER_LOCATION_HPP

#include <filesystem>

namespace floe::ingestion_dlt {

inline constexpr const char* runner_script_name = "run_dlt.py";

// The runner directory for a plugin library at `library`.
std::filesystem::path runner_directory_beside(const std::filesystem::path& library);

// The runner directory of this loaded plugin library; empty if the
// library's own path cannot be found.
std::filesystem::path runner_directory();

}  // namespace floe::ingestion_dlt

#endif  // FLOE_INGESTION_DLT_RUNNER_LOCATION_HPP
