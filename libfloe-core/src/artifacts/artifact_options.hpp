// Settings every artifact operation shares: how to talk to registries, where
// the blob cache lives, and who hears about transfer progress.
#pragma once

#include <memory>
#include <string>

#include "base/result.hpp"
#include "oci/content_target.hpp"
#include "oci/reference.hpp"
#include "oci/registry_target.hpp"

namespace floe::oci {

struct ArtifactOptions {
  RegistryOptions registry;
  std::string cache_root;  // "" = BlobCache::default_root()
  ProgressFn progress;     // may be empty
};

// The target a reference names: a registry repository or an OCI layout
// directory (`for_push` creates a missing layout; a pull from a missing one
// is FLOE_ERR_NOT_FOUND).
std::unique_ptr<ContentTarget> open_target(const Reference& ref, const ArtifactOptions& options, bool for_push);

// The repositories beside `repository` in its registry, `repository` itself
// included: for a layout, the OCI layouts in its parent directory; for a
// registry, the /v2/_catalog repositories one level under the same prefix
// (what `<registry>/<name>` names when products are published).
Result<std::vector<Reference>> sibling_repositories(const Reference& repository, const ArtifactOptions& options);

// Relative layout paths in a reference are taken from `base_dir` (the
// directory of the file that holds the reference; "" = the cwd).
Reference with_layout_base(Reference ref, const std::string& base_dir);

// options.cache_root, or the default cache directory.
std::string cache_root_of(const ArtifactOptions& options);

}  // namespace floe::oci
