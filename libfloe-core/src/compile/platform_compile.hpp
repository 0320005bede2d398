// `floe platform compile`: validates a platform manifest and its parent chain
// and writes the platform artifact directory (ADR-0016's layout), which data
// products reference and `floe platform publish` ships.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "diag/compile_report.hpp"
#include "base/result.hpp"
#include "resolve/platform_source.hpp"
#include "resolve/resolved_platform.hpp"

namespace floe {

struct PlatformCompileRequest {
  std::string manifest_path = "manifest.yaml";
  std::string output_dir;  // "" = <manifest dir>/target/platform
  bool write = true;
  PlatformSourceOptions sources;
};

CompileReport compile_platform(const PlatformCompileRequest& request);

// The files of the artifact directory, path -> JSON text (exposed for tests).
// Source paths in the chain and provenance are written relative to
// `sources_base` (the manifest's directory; "" = as resolved), so the output
// does not depend on the directory floe ran in.
std::vector<std::pair<std::string, std::string>> platform_artifact_files(const ResolvedPlatform& platform,
                                                                         const std::string& created,
                                                                         const std::string& sources_base = {});

// Writes `files` under `dir` so that `dir` is either the old or the complete
// new tree, never a mix (staging directory + rename).
Result<Ok> write_directory_atomically(const std::string& dir,
                                      const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace floe
