// A whole pull from a tampered OCI image layout (pull_platform on
// oci-layout:DIR:1.0.0 into a private cache), the way a layout copied from
// another team reaches floe. The layout starts as a real published platform
// (two files); the input then mutates it, by its first byte:
//   0  the input is index.json
//   1  the input is the manifest, and index.json points at it (digest and
//      size right, so the manifest's content is what is checked)
//   2  the input replaces the manifest bytes under the old digest
//   3  the input replaces a layer blob (its digest and size are now wrong)
//   4  the input is a layer, and the manifest names it (right digest and
//      size, the rest of the input as its title)
//   5  the two layers' blobs swapped, and index.json the input
//   6  structural: a FIFO, a symlink to /dev/zero or elsewhere, a symlinked
//      blobs/ directory, a tag named twice, picked by the input's bytes
// Invariants besides not crashing or hanging (libFuzzer's -timeout): a
// failed pull names its problem with a FLOE code and leaves no file in the
// cache; a successful one extracted exactly the content its manifest names.
#include <sys/stat.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "artifacts/platform_artifact.hpp"
#include "artifacts/platform_pull.hpp"
#include "core/sha256.hpp"
#include "fuzz_support.hpp"
#include "oci/layout_target.hpp"
#include "oci/media_types.hpp"
#include "oci/reference.hpp"

namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

void write(const fs::path& path, std::string_view bytes) {
  std::error_code ec;
  fs::remove(path, ec);
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr || std::fwrite(bytes.data(), 1, bytes.size(), f) != bytes.size() || std::fclose(f) != 0)
    std::abort();
}

std::string read(const fs::path& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) std::abort();
  std::string out;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) out.append(buf, n);
  std::fclose(f);
  return out;
}

fs::path blob(const fs::path& layout, const std::string& digest) {
  return layout / "blobs" / "sha256" / digest.substr(digest.find(':') + 1);
}

struct Pristine {
  fs::path root;    // private temporary directory
  fs::path layout;  // <root>/pristine: the published layout
  std::string manifest_digest;
  std::vector<std::string> layers;  // digests
};

const Pristine& pristine() {
  static const Pristine p = [] {
    Pristine out;
    char d[] = "/tmp/floe-fuzz-oci-layout-XXXXXX";
    if (mkdtemp(d) == nullptr) std::abort();
    out.root = d;
    fs::create_directories(out.root / "platform/policies");
    write(out.root / "platform/manifest.json", R"({"kind":"CompiledPlatform","metadata":{"name":"fuzz","version":"1.0.0"}})");
    write(out.root / "platform/policies/quality-gates.json", R"({"gates":[]})");
    auto packed = floe::oci::pack_platform_directory((out.root / "platform").string(),
                                                     floe::oci::ArtifactInfo{"fuzz", "1.0.0", "", "", "", "", ""});
    if (!packed) std::abort();
    out.layout = out.root / "pristine";
    floe::oci::LayoutTarget target(out.layout.string(), true);
    for (const auto& f : packed->files) {
      if (!target.push_blob(f.layer, floe::oci::BlobSource{f.path, {}}, {})) std::abort();
      out.layers.push_back(f.layer.digest);
    }
    std::string empty = "{}";
    floe::oci::Descriptor config{floe::oci::kEmptyConfig, floe::oci::digest_of(empty), 2, {}, {}};
    if (!target.push_blob(config, floe::oci::BlobSource{{}, empty}, {})) std::abort();
    if (!target.push_manifest("1.0.0", packed->manifest, floe::oci::kImageManifest)) std::abort();
    out.manifest_digest = packed->descriptor.digest;
    return out;
  }();
  return p;
}

// index.json pointing tag 1.0.0 at `bytes` (stored as a blob).
void point_index_at(const fs::path& layout, std::string_view bytes) {
  std::string digest = floe::oci::digest_of(bytes);
  write(blob(layout, digest), bytes);
  json::object entry{{"mediaType", floe::oci::kImageManifest},
                     {"digest", digest},
                     {"size", bytes.size()},
                     {"annotations", json::object{{"org.opencontainers.image.ref.name", "1.0.0"}}}};
  json::object index{{"schemaVersion", 2}, {"mediaType", floe::oci::kImageIndex}, {"manifests", json::array{entry}}};
  write(layout / "index.json", json::serialize(index));
}

void structural(const Pristine& p, const fs::path& layout, std::string_view input) {
  const unsigned char pick = input.empty() ? 0 : static_cast<unsigned char>(input[0]);
  const std::string& layer = p.layers[pick % p.layers.size()];
  std::error_code ec;
  switch ((pick / 2) % 6) {
    case 0: {  // index.json, the manifest or a layer as a FIFO
      const fs::path victims[] = {layout / "index.json", blob(layout, p.manifest_digest), blob(layout, layer)};
      const fs::path& victim = victims[(pick / 12) % 3];
      fs::remove(victim, ec);
      if (::mkfifo(victim.c_str(), 0600) != 0) std::abort();
      break;
    }
    case 1:  // a symlink to /dev/zero
      fs::remove(layout / "index.json", ec);
      fs::create_symlink("/dev/zero", layout / "index.json", ec);
      break;
    case 2: {  // a layer symlinked to identical content elsewhere
      fs::path outside = layout.parent_path() / "outside-blob";
      fs::rename(blob(layout, layer), outside, ec);
      fs::create_symlink(outside, blob(layout, layer), ec);
      break;
    }
    case 3: {  // blobs/ a symlink elsewhere
      fs::path outside = layout.parent_path() / "outside-blobs";
      fs::rename(layout / "blobs", outside, ec);
      fs::create_directory_symlink(outside, layout / "blobs", ec);
      break;
    }
    case 4: {  // the tag named twice, for the manifest and for the input
      std::string digest = floe::oci::digest_of(input);
      write(blob(layout, digest), input);
      json::value index = json::parse(read(layout / "index.json"));
      json::object extra = index.at("manifests").at(0).as_object();
      extra["digest"] = digest;
      extra["size"] = input.size();
      index.at("manifests").as_array().push_back(extra);
      write(layout / "index.json", json::serialize(index));
      break;
    }
    default:  // a layer larger than declared
      write(blob(layout, layer), read(blob(layout, layer)) + std::string(input));
      break;
  }
}

bool has_files(const fs::path& dir) {
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec))
    if (!it->is_directory()) return true;
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const Pristine& p = pristine();
  if (size == 0) return 0;
  const unsigned mode = data[0] % 7;
  const std::string_view input = floe::fuzz::text_of(data + 1, size - 1);
  const fs::path layout = p.root / "work/layout", cache = p.root / "work/cache";
  std::error_code ec;
  fs::remove_all(p.root / "work", ec);
  fs::create_directories(p.root / "work", ec);
  fs::copy(p.layout, layout, fs::copy_options::recursive, ec);
  if (ec) std::abort();

  switch (mode) {
    case 0: write(layout / "index.json", input); break;
    case 1: point_index_at(layout, input); break;
    case 2: write(blob(layout, p.manifest_digest), input); break;
    case 3: write(blob(layout, p.layers[0]), input); break;
    case 4: {
      const std::size_t cut = input.empty() ? 0 : static_cast<unsigned char>(input[0]) % (input.size() + 1);
      std::string_view content = input.substr(0, cut), title = input.substr(cut);
      std::string digest = floe::oci::digest_of(content);
      write(blob(layout, digest), content);
      json::value m = json::parse(read(blob(layout, p.manifest_digest)));
      json::object layer = m.at("layers").at(0).as_object();
      layer["digest"] = digest;
      layer["size"] = content.size();
      layer["annotations"] = json::object{{floe::oci::kTitle, std::string(title)}};
      m.at("layers").as_array().push_back(layer);
      point_index_at(layout, json::serialize(m));
      break;
    }
    case 5: {
      std::string a = read(blob(layout, p.layers[0])), b = read(blob(layout, p.layers[1]));
      write(blob(layout, p.layers[0]), b);
      write(blob(layout, p.layers[1]), a);
      write(layout / "index.json", input);
      break;
    }
    default: structural(p, layout, input); break;
  }

  auto ref = floe::oci::parse_reference("oci-layout:" + layout.string() + ":1.0.0");
  if (!ref) std::abort();
  floe::oci::ArtifactOptions options;
  options.cache_root = cache.string();
  floe::Diagnostics diags;
  auto pulled = floe::oci::pull_platform(*ref, floe::oci::VerificationPolicy{}, options,
                                         floe::SourceLocation{"fuzz-layout", 0, 0}, diags);
  floe::fuzz::check_diagnostics(diags, pulled.has_value());
  if (!pulled) {
    if (has_files(cache)) {
      std::fprintf(stderr, "fuzz invariant broken: a failed pull left files in the cache\n");
      std::abort();
    }
    return 0;
  }
  // What was extracted is exactly what the manifest names.
  for (const auto& layer : pulled->manifest.layers) {
    auto hex = floe::sha256_file_hex((fs::path(pulled->dir) / layer.title).string());
    if (!hex || "sha256:" + *hex != layer.layer.digest) {
      std::fprintf(stderr, "fuzz invariant broken: %s does not hold the content of %s\n", layer.title.c_str(),
                   layer.layer.digest.c_str());
      std::abort();
    }
  }
  return 0;
}
