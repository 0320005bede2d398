// Path helpers shared by every stage that takes file names from users.
#pragma once

#include <filesystem>
#include <string>

namespace floe {

// The directory holding `file`, "." for a bare file name (so it can be
// joined and passed to tools as is).
inline std::string directory_of(const std::string& file) {
  auto parent = std::filesystem::path(file).parent_path();
  return parent.empty() ? std::string(".") : parent.string();
}

}  // namespace floe
