// Path helpers shared by every stage that takes file names from users.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace floe {

// The directory holding `file`, "." for a bare file name (so it can be
// joined and passed to tools as is).
inline std::string directory_of(const std::string& file) {
  auto parent = std::filesystem::path(file).parent_path();
  return parent.empty() ? std::string(".") : parent.string();
}

// std::filesystem::path(path).lexically_normal().generic_string(), without
// building a path when there is nothing to normalise: no "." or ".."
// component and no empty one (a doubled or, but for the last, trailing '/').
// A project of 1,000 models names ~2,000 files; normalising each through
// std::filesystem was 4 % of a validate.
std::string lexically_normal_string(std::string_view path);

// lexically_normal_string of `dir` joined with `relative` (`relative` alone
// when `dir` is empty; an absolute `relative` replaces `dir`, as '/' does).
std::string joined_normal_path(std::string_view dir, std::string_view relative);

// A path relative to `dir` (as floe.yaml's paths are to its directory):
// `dir` for "" or "."; `rel` alone, normalised, when it is absolute or `dir`
// is "."; else the two joined and normalised.
std::string join_relative(const std::string& dir, const std::string& rel);

// The first component of `path` below `root` that exists and is a symbolic
// link ("" when none, or when `path` is not below `root`): floe writes its
// outputs inside the project and never through a symlink (`target ->
// elsewhere` would have compile replace files outside the project).
std::string symlink_below(const std::string& root, const std::string& path);

}  // namespace floe
