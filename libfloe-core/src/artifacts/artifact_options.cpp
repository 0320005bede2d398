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

Result<std::vector<Reference>> sibling_repositories(const Reference& repository, const ArtifactOptions& options) {
  std::vector<Reference> out;
  Reference sibling = repository;
  sibling.tag.clear();
  sibling.digest.clear();
  if (repository.is_layout()) {
    fs::path dir = fs::path(repository.layout_path).parent_path();
    auto names = list_layout_directories(dir.empty() ? "." : dir.string());
    if (!names) return std::move(names).error();
    for (const auto& name : *names) {
      sibling.layout_path = (dir / name).string();
      sibling.layout_as_written = (fs::path(repository.layout_as_written).parent_path() / name).string();
      out.push_back(sibling);
    }
    return out;
  }
  auto slash = repository.repository.rfind('/');
  std::string prefix = slash == std::string::npos ? "" : repository.repository.substr(0, slash + 1);
  auto names = RegistryTarget(repository, options.registry).catalog();
  if (!names) return std::move(names).error();
  for (const auto& name : *names)
    if (name.size() > prefix.size() && name.compare(0, prefix.size(), prefix) == 0 &&
        name.find('/', prefix.size()) == std::string::npos) {
      sibling.repository = name;
      out.push_back(sibling);
    }
  return out;
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
