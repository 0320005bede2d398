// The resolver's hook for oci:// and oci-layout: references (platform.ref,
// parent_manifest): pull the artifact (pinned by floe.lock beside the
// referring file when it names the reference, verified by that file's
// verification policy) and hand back the extracted directory in the cache.
#pragma once

#include <string>
#include <vector>

#include "artifacts/artifact_options.hpp"
#include "resolve/platform_source.hpp"

namespace floe::oci {

struct FetcherSettings {
  ArtifactOptions options;
  std::string verify_mode;         // command-line override ("" = the file's policy)
  std::vector<std::string> keys;   // command-line trusted keys (override the file's)
};

OciFetcher make_oci_fetcher(FetcherSettings settings);

}  // namespace floe::oci
