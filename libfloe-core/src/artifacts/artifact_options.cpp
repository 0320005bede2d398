#include "artifacts/artifact_options.hpp"

#include <filesystem>

#include "oci/blob_cache.hpp"
#include "oci/layout_target.hpp"

namespace floe::oci {
namespace fs = std::filesystem;

std::unique_ptr<ContentTarget> open_target(const Reference& ref, const ArtifactOptions& options, bool for_push) {
  if (ref.is_layout()) return std::make_unique<LayoutTarget>(ref.layout_path, for_push);
  return std::make_unique<RegistryTarget>(ref, options.registry);
}

Reference with_layout_base(Reference ref, const std::string& base_dir) {
  if (ref.is_layout() && !base_dir.empty() && fs::path(ref.layout_path).is_relative())
    ref.layout_path = (fs::path(base_dir) / ref.layout_path).lexically_normal().string();
  return ref;
}

std::string cache_root_of(const ArtifactOptions& options) {
  return options.cache_root.empty() ? BlobCache::default_root() : options.cache_root;
}

}  // namespace floe::oci
