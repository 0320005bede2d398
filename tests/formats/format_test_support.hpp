// Running the floe executable on a copy of a fixture (compile writes
// target/ beside floe.yaml; fixtures stay untouched in the source tree).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "run_process.hpp"
#include "temp_dir.hpp"

namespace floe::test {

// <source>/tests/fixtures/<relative> copied into `into`; returns the copy.
std::filesystem::path copy_fixture(const std::string& relative, const TempDir& into);

// `floe ARGS` run in `cwd` with only the build tree's plugins, no colour.
ProcessResult floe_in(const std::filesystem::path& cwd, const std::vector<std::string>& args);

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Diagnostics of one code in a stderr text (lines "file:l:c: severity CODE: ...").
std::vector<std::string> lines_with(const std::string& text, const std::string& needle);

}  // namespace floe::test
