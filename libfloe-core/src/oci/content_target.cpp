#include "oci/content_target.hpp"

namespace floe::oci {

Result<std::optional<std::string>> ContentTarget::push_manifest_if_absent(const std::string& tag,
                                                                          std::string_view bytes,
                                                                          const std::string& media_type) {
  const std::string ours = digest_of(bytes);
  auto before = resolve(tag);
  if (!before) return std::move(before).error();
  if (*before && (*before)->digest != ours) return std::optional<std::string>((*before)->digest);
  if (auto pushed = push_manifest(tag, bytes, media_type); !pushed) return std::move(pushed).error();
  // No conditional PUT in the distribution spec: read the tag back. Another
  // writer's digest there means it pushed in between; this publish fails
  // loudly with both digests instead of reporting a success it may not own.
  auto after = resolve(tag);
  if (!after) return std::move(after).error();
  if (*after && (*after)->digest != ours) return std::optional<std::string>((*after)->digest);
  return std::optional<std::string>();
}

}  // namespace floe::oci
