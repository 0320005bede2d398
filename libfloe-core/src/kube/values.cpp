#include "kube/values.hpp"

#include "core/regex.hpp"

namespace floe {

bool is_k8s_quantity(const std::string& text) {
  static const Regex valid("[0-9]+(\\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?");
  return valid.full_match(text);
}

bool is_digest_pinned(const std::string& image) {
  static const Regex pinned("[^@\\s\"']+@sha256:[0-9a-f]{64}");
  return pinned.full_match(image);
}

bool is_image_reference(const std::string& image) {
  if (image.empty() || image.find_first_of(" \t\r\n\"'") != std::string::npos) return false;
  return image.find('@') == std::string::npos || is_digest_pinned(image);
}

}  // namespace floe
