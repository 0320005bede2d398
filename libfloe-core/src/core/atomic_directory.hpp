// Replacing a whole directory so that readers see either the old tree or the
// complete new one, never a mix, and never no tree: the new tree is built in
// a staging sibling ("<name>.tmp-<pid>-<n>"), then exchanged with the old one
// in one rename (renameat2 RENAME_EXCHANGE), so a SIGKILL at any instant or a
// second writer leaves a complete directory. Staging siblings of writers that
// died are removed by the next replace.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include "base/result.hpp"

namespace floe {

// `fill` writes the new content under the staging directory it is given; if
// it fails, nothing changes at `dir` and the staging directory is removed.
Result<Ok> replace_directory_atomically(const std::string& dir,
                                        const std::function<Result<Ok>(const std::filesystem::path& staging)>& fill);

// Copies the tree under `source` to `dir` with replace_directory_atomically.
Result<Ok> copy_directory_atomically(const std::string& source, const std::string& dir);

}  // namespace floe
