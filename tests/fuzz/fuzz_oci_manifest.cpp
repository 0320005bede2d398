// The OCI manifest and image-index parsers, on bytes as a registry or a
// layout would hand them over: a floe platform artifact manifest, a cosign
// signature manifest, descriptors, and an OCI image layout's index.json read
// through LayoutTarget (written into a private temporary layout first).
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "base/json_text.hpp"
#include "fuzz_support.hpp"
#include "oci/cosign_signature.hpp"
#include "oci/descriptor.hpp"
#include "oci/layout_target.hpp"
#include "artifacts/platform_artifact.hpp"

namespace {

void write(const std::string& path, std::string_view bytes) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr || std::fwrite(bytes.data(), 1, bytes.size(), f) != bytes.size() || std::fclose(f) != 0)
    std::abort();
}

const std::string& layout_dir() {
  static const std::string dir = [] {
    char d[] = "/tmp/floe-fuzz-layout-XXXXXX";
    if (mkdtemp(d) == nullptr) std::abort();
    write(std::string(d) + "/oci-layout", R"({"imageLayoutVersion":"1.0.0"})");
    return std::string(d);
  }();
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const std::string_view bytes = floe::fuzz::text_of(data, size);
  (void)floe::oci::read_platform_manifest(bytes);
  (void)floe::oci::read_signature_manifest(bytes);
  if (auto v = floe::parse_json(bytes, "manifest")) {
    (void)floe::oci::descriptor_from_json(*v);
    if (const auto* o = v->if_object()) {
      for (const char* key : {"manifests", "layers"}) {
        if (const auto* list = o->if_contains(key); list != nullptr && list->is_array()) {
          for (const auto& entry : list->get_array()) (void)floe::oci::descriptor_from_json(entry);
        }
      }
    }
  }
  write(layout_dir() + "/index.json", bytes);
  floe::oci::LayoutTarget layout(layout_dir(), false);
  (void)layout.list_tags();
  (void)layout.resolve("latest");
  (void)layout.referrers("sha256:" + std::string(64, 'a'), "");
  return 0;
}
