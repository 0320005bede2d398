// Replacing a whole directory so that readers see either the old tree or the
// complete new one, never a mix: the new tree is built in a staging sibling,
// then swapped in by renames (the old tree is removed last).
#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include "core/result.hpp"

namespace floe {

// `fill` writes the new content under the staging directory it is given; if
// it fails, nothing changes at `dir` and the staging directory is removed.
Result<Ok> replace_directory_atomically(const std::string& dir,
                                        const std::function<Result<Ok>(const std::filesystem::path& staging)>& fill);

// Copies the tree under `source` to `dir` with replace_directory_atomically.
Result<Ok> copy_directory_atomically(const std::string& source, const std::string& dir);

}  // namespace floe
