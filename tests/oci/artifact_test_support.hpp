// Shared set-up for the artifact end-to-end tests: a private copy of the
// examples (tests never write into the source tree), a private blob cache,
// and reading files and OCI layout blobs back.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "../compile/compile_test_support.hpp"
#include "temp_dir.hpp"

namespace floe::test {

struct ArtifactWorkspace {
  TempDir tmp;
  std::filesystem::path examples;  // <tmp>/examples: a copy of the repository's examples
  std::filesystem::path cache;     // <tmp>/cache: the blob cache (via XDG_CACHE_HOME)

  ArtifactWorkspace();
  std::map<std::string, std::string> env() const;  // XDG_CACHE_HOME and a clean credential environment
  std::string path(const std::string& rel) const;  // <tmp>/<rel>
  // floe with this workspace's environment (plus `extra`), in JSON form.
  JsonRun floe(std::vector<std::string> args, std::map<std::string, std::string> extra = {}) const;
  ProcessResult floe_text(const std::vector<std::string>& args, std::map<std::string, std::string> extra = {}) const;
};

std::string slurp(const std::filesystem::path& file);
void spill(const std::filesystem::path& file, const std::string& content);

// The blob `digest` of an OCI layout directory.
std::filesystem::path layout_blob(const std::filesystem::path& layout, const std::string& digest);

// Replaces the manifest `old_digest` of a layout by `bytes` wherever the
// index names it (what a hostile or corrupt registry would serve); returns
// the new digest.
std::string forge_layout_manifest(const std::filesystem::path& layout, const std::string& old_digest,
                                  const std::string& bytes);

// The whole tree under `dir`: relative path -> content.
std::map<std::string, std::string> tree_of(const std::filesystem::path& dir);

}  // namespace floe::test
