#include "artifacts/platform_artifact.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <filesystem>
#include <set>

#include "base/json_text.hpp"
#include "core/sha256.hpp"
#include "oci/media_types.hpp"

namespace floe::oci {
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

constexpr std::size_t kMaxComponentBytes = 255;

// A title as it can be shown in a message: control bytes escaped.
std::string printable(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
    else out += c;
  }
  return out;
}

std::string title_problem(std::string_view title) {
  if (title.empty()) return "it is empty";
  if (title.front() == '/') return "it is an absolute path";
  if (title.find('\\') != std::string_view::npos) return "it contains a backslash";
  if (title.find('\0') != std::string_view::npos) return "it contains a NUL byte";
  std::size_t start = 0;
  for (;;) {
    std::size_t end = title.find('/', start);
    std::string_view part = title.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (part.empty()) return "it has an empty path component";
    if (part == "." || part == "..") return fmt::format("it has a '{}' component", part);
    if (part.size() > kMaxComponentBytes) return fmt::format("a component is longer than {} bytes", kMaxComponentBytes);
    if (end == std::string_view::npos) return {};
    start = end + 1;
  }
}

// A layer floe would have to write as one file although it is something
// else (an archive oras unpacks, an image layer): named with what it is.
std::string foreign_layer_problem(std::size_t n, const Descriptor& d, const char* file_layer) {
  std::string title;
  if (auto* t = d.annotations.if_contains(kTitle); t && t->is_string())
    title = fmt::format(" '{}'", printable(t->as_string()));
  std::string what;
  if (d.annotations.contains(kOrasUnpackAnnotation))
    what = fmt::format(", a directory archive (annotation {}: what `oras push DIR` writes)", kOrasUnpackAnnotation);
  return fmt::format("layer {}{} ({}) has media type {}{}, not floe's file media type {}: floe writes each layer "
                     "as one file and does not unpack archives",
                     n, title, d.digest, printable(d.media_type), what, file_layer);
}

}  // namespace

Result<Ok> check_title(std::string_view title) {
  if (std::string why = title_problem(title); !why.empty())
    return make_error(FLOE_ERR_INVALID_ARGUMENT, fmt::format("unsafe file title '{}': {}", printable(title), why));
  return Ok{};
}

Result<PackedArtifact> pack_platform_directory(const std::string& compiled_dir, const ArtifactInfo& info,
                                              const ArtifactKind& kind) {
  std::error_code ec;
  fs::path root = fs::absolute(compiled_dir, ec);
  if (ec || !fs::is_directory(root, ec))
    return make_error(FLOE_ERR_NOT_FOUND, fmt::format("{} is not a directory (expected a compiled platform)", compiled_dir));

  std::vector<std::pair<std::string, fs::path>> found;  // title, absolute path
  std::vector<std::string> problems;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    auto status = it->symlink_status(ec);
    std::string title = it->path().lexically_relative(root).generic_string();
    if (fs::is_directory(status)) continue;
    if (fs::is_symlink(status)) problems.push_back(fmt::format("{} is a symbolic link", title));
    else if (!fs::is_regular_file(status)) problems.push_back(fmt::format("{} is not a regular file", title));
    else if (auto c = check_title(title); !c) problems.push_back(c.error().message);
    else found.emplace_back(std::move(title), it->path());
  }
  if (ec) return make_error(FLOE_ERR_IO, fmt::format("cannot read {}: {}", root.string(), ec.message()));
  if (!problems.empty())
    return make_error(FLOE_ERR_INVALID_ARGUMENT,
                      fmt::format("cannot pack {}: {} (a platform artifact holds regular files only)", root.string(),
                                  fmt::join(problems, "; ")));
  if (found.empty())
    return make_error(FLOE_ERR_INVALID_ARGUMENT, fmt::format("cannot pack {}: it holds no files", root.string()));
  // Byte order of the relative paths, independent of the directory's order.
  std::sort(found.begin(), found.end());

  PackedArtifact packed;
  json::array layers;
  for (auto& [title, path] : found) {
    auto hex = sha256_file_hex(path.string());
    auto size = fs::file_size(path, ec);
    if (!hex || ec) return make_error(FLOE_ERR_IO, fmt::format("cannot read {}", path.string()));
    Descriptor layer{kind.file_layer, "sha256:" + *hex, static_cast<std::int64_t>(size), {}, {{kTitle, title}}};
    layers.push_back(descriptor_to_json(layer));
    packed.files.push_back(PackedFile{title, path.string(), std::move(layer)});
  }

  json::object annotations;
  for (const auto& [key, value] : {std::pair{kCreated, &info.created}, {kVersion, &info.version}, {kSource, &info.source},
                                   {kRevision, &info.revision}, {kFloePlatformName, &info.name},
                                   {kFloePlatformScope, &info.scope}, {kFloePlatformParent, &info.parent}})
    if (!value->empty()) annotations[key] = *value;
  json::object manifest{{"schemaVersion", 2},
                        {"mediaType", kImageManifest},
                        {"artifactType", kind.artifact_type},
                        {"config", descriptor_to_json(empty_config_descriptor())},
                        {"layers", std::move(layers)}};
  if (!annotations.empty()) manifest["annotations"] = std::move(annotations);
  // Serialised once; these bytes are what gets hashed, pushed and signed.
  packed.manifest = json::serialize(manifest);
  packed.descriptor = Descriptor{kImageManifest, digest_of(packed.manifest),
                                 static_cast<std::int64_t>(packed.manifest.size()), kind.artifact_type, {}};
  return packed;
}

Result<PlatformManifest> read_platform_manifest(std::string_view bytes, const ArtifactKind& kind) {
  auto parsed = parse_json(bytes, fmt::format("{} manifest", kind.noun));
  if (!parsed) return std::move(parsed).error();
  if (!parsed->is_object()) return make_error(FLOE_ERR_INVALID_ARGUMENT, fmt::format("{} manifest is not a JSON object", kind.noun));
  const auto& m = parsed->as_object();
  std::vector<std::string> problems;
  PlatformManifest out;

  std::string reason;  // detail "reason" of the error: what kind of foreign content this is
  auto* at = m.if_contains("artifactType");
  if (at && at->is_string()) out.artifact_type = std::string(at->as_string());
  if (out.artifact_type != kind.artifact_type) {
    reason = kForeignArtifact;
    problems.push_back(fmt::format("not a floe {} artifact (artifactType {})", kind.noun,
                                   out.artifact_type.empty() ? "missing" : out.artifact_type));
  }
  auto* version = m.if_contains("schemaVersion");
  if (!version || !version->is_int64() || version->as_int64() != 2) problems.push_back("schemaVersion is not 2");
  if (auto* mt = m.if_contains("mediaType"); mt && (!mt->is_string() || mt->as_string() != kImageManifest))
    problems.push_back(fmt::format("mediaType is not {}", kImageManifest));
  if (auto* config = m.if_contains("config"); !config) problems.push_back("config is missing");
  else if (auto d = descriptor_from_json(*config); !d) problems.push_back("config: " + d.error().message);
  if (auto* an = m.if_contains("annotations"); an && an->is_object()) {
    if (std::all_of(an->as_object().begin(), an->as_object().end(), [](const auto& kv) { return kv.value().is_string(); }))
      out.annotations = an->as_object();
    else problems.push_back("an annotation is not a string");
  }

  auto* layers = m.if_contains("layers");
  if (!layers || !layers->is_array() || layers->as_array().empty()) {
    problems.push_back("layers is missing or empty");
  } else {
    std::set<std::string> titles;
    std::size_t n = 0;
    for (const auto& l : layers->as_array()) {
      ++n;
      auto d = descriptor_from_json(l);
      if (!d) {
        problems.push_back(fmt::format("layer {}: {}", n, d.error().message));
        continue;
      }
      if (d->media_type != kind.file_layer) {
        if (reason.empty()) reason = kForeignLayer;
        problems.push_back(foreign_layer_problem(n, *d, kind.file_layer));
        continue;
      }
      auto* title = d->annotations.if_contains(kTitle);
      if (!title) {
        problems.push_back(fmt::format("layer {} ({}) has no {} annotation", n, d->digest, kTitle));
        continue;
      }
      std::string t(title->as_string());
      if (auto c = check_title(t); !c) problems.push_back(fmt::format("layer {}: {}", n, c.error().message));
      else if (!titles.insert(t).second) problems.push_back(fmt::format("layer {}: duplicate title '{}'", n, t));
      else out.layers.push_back(PlatformLayer{std::move(t), std::move(*d)});
    }
    // A file and a folder of one name ("a" and "a/b") cannot both be written:
    // refused here, before anything is fetched or written.
    for (const auto& t : titles) {
      auto inside = titles.lower_bound(t + "/");
      if (inside != titles.end() && inside->compare(0, t.size() + 1, t + "/") == 0)
        problems.push_back(fmt::format("layer titles '{}' and '{}' make '{}' both a file and a folder", t, *inside, t));
    }
  }
  if (!problems.empty()) {
    json::object detail;
    if (!reason.empty()) detail["reason"] = reason;
    if (reason == kForeignArtifact) detail["artifact_type"] = manifest_artifact_type(m);
    return make_error(FLOE_ERR_INVALID_ARGUMENT,
                      fmt::format("invalid {} artifact manifest: {}", kind.noun, fmt::join(problems, "; ")), std::move(detail));
  }
  return out;
}

}  // namespace floe::oci
