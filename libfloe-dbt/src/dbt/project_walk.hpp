// Walking a dbt project's folders (model, seed and snapshot paths) for the
// files floe reads, safely: symlinks are followed only while they stay inside
// the project, loops and second ways into a folder are refused, and only
// regular files are read. Paths are the project directory as given (what
// diagnostics show) joined with the names found.
#pragma once

#include <sys/stat.h>

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "diag/diagnostic.hpp"

namespace floe::dbt {

// The project's directory, as given (for messages and the paths floe shows)
// and as it really is (where symlinks may lead).
struct ProjectRoot {
  std::filesystem::path shown;
  std::filesystem::path real;  // canonical; empty when it cannot be resolved
};

ProjectRoot project_root(const std::string& dir);

enum class Reach { inside, outside, loop, missing };

// Where `p` (a path below the project as shown) really leads: symlinks are
// followed only while they stay inside the project.
Reach reach(const ProjectRoot& root, const std::filesystem::path& p, std::filesystem::path& real);

void symlink_outside(Diagnostics& diags, const ProjectRoot& root, const std::filesystem::path& p,
                     const std::filesystem::path& real, Severity severity = Severity::error);
void symlink_loop(Diagnostics& diags, const ProjectRoot& root, const std::filesystem::path& p, const std::string& why);

// A regular file the walk found.
struct WalkedFile {
  const std::filesystem::path& dir;  // its folder, as shown (through symlinks by their names)
  std::string_view name;             // its name in that folder
  std::string_view below;            // the folders between the walked base and it: "a/b/", "" directly in it
  const struct stat* st;             // its stat (the target's, for a symlink); null when the walk was
                                     // not asked for stats and the listing said "regular file"
  std::filesystem::path path() const { return dir / std::string(name); }
};

// The name without its last extension, as std::filesystem::path::stem.
std::string_view file_stem(std::string_view name);

// Whether the walk's caller needs each file's stat (its mtime).
enum class FileStats { needed, not_needed };

// Walks the project folder `base` and calls `on_file` for every regular file
// below it whose name `wanted` accepts. Folders and regular files are known
// by their directory entries; symlinks and entries of unknown type get one
// stat each (made relative to the open folder), and so do the files handed
// to `on_file` when `stats` is FileStats::needed. Symlinks are followed while they stay inside the
// project; one that leaves it is FLOE-D007, a loop or a second way into a
// folder already walked FLOE-D008 (so no tree is ever walked forever or
// twice); hidden entries are skipped; a wanted name that is not a regular
// file is FLOE-D005. Entries of a folder come in descending name order, its
// folders are walked in ascending order (neither depends on the file system).
// False when a diagnostic was added.
bool walk_project_folder(const ProjectRoot& root, const std::filesystem::path& base, Diagnostics& diags,
                         FileStats stats, const std::function<bool(std::string_view name)>& wanted,
                         const std::function<void(const WalkedFile&)>& on_file);

}  // namespace floe::dbt
