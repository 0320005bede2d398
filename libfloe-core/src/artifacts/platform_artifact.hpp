// floe's platform artifact: a compiled platform directory as an OCI image
// manifest (image-spec v1.1 "files, no config" artifact): artifactType
// kPlatformArtifact, the empty config, one layer per file titled with its
// relative path, and the platform's identity in annotations. Packing is
// deterministic, so re-publishing the same directory gives the same digest.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "oci/descriptor.hpp"
#include "oci/media_types.hpp"

namespace floe::oci {

// Which floe artifact: platforms and data products are packed, checked and
// pulled alike, each with its own artifactType and file layer media type.
struct ArtifactKind {
  const char* artifact_type;
  const char* file_layer;
  const char* noun;  // "platform", "product": for messages and the cache folder (<noun>s/<hex>)
};
inline constexpr ArtifactKind kPlatformKind{kPlatformArtifact, kPlatformFileLayer, "platform"};
inline constexpr ArtifactKind kProductKind{kProductArtifact, kProductFileLayer, "product"};

// Manifest annotations; "" = omitted.
struct ArtifactInfo {
  std::string name, version, scope, parent, created, source, revision;
};

struct PackedFile {
  std::string title;  // relative path, '/' separators
  std::string path;   // absolute path of the file to upload
  Descriptor layer;
};

struct PackedArtifact {
  std::string manifest;   // the exact bytes to push
  Descriptor descriptor;  // of the manifest (artifactType set)
  std::vector<PackedFile> files;
};

// One layer per regular file under `compiled_dir` (recursively, sorted by
// relative path; symlinks and special files refused), media type
// kPlatformFileLayer, annotation kTitle = relative path. Manifest annotations
// in the fixed order created, version, source, revision, floe name, scope,
// parent, each only when non-empty. Files are hashed streaming.
Result<PackedArtifact> pack_platform_directory(const std::string& compiled_dir, const ArtifactInfo& info,
                                              const ArtifactKind& kind = kPlatformKind);

struct PlatformLayer {
  std::string title;
  Descriptor layer;
};

struct PlatformManifest {
  std::string artifact_type;
  boost::json::object annotations;
  std::vector<PlatformLayer> layers;
};

// Values of the detail "reason" of read_platform_manifest's error when the
// manifest is well formed but not floe's: another artifactType, or floe's
// artifactType with a layer that is not a floe file (an oras directory
// archive, say).
inline constexpr const char* kForeignArtifact = "foreign_artifact";
inline constexpr const char* kForeignLayer = "foreign_layer";

// Parses fetched manifest bytes and checks they are a floe platform
// artifact: schemaVersion 2, mediaType (if present) kImageManifest,
// artifactType kPlatformArtifact, valid descriptors, every layer of media
// type kPlatformFileLayer titled with a safe, unique title. Every problem is
// named in one error message (detail "reason": see above).
Result<PlatformManifest> read_platform_manifest(std::string_view bytes, const ArtifactKind& kind = kPlatformKind);

// A title is a clean relative path: not empty, no leading '/', no '\\', no
// NUL, no '.', '..' or empty component, at most 255 bytes per component.
// Pulled files are written at these paths, so this is what keeps a hostile
// manifest inside the output directory.
Result<Ok> check_title(std::string_view title);

}  // namespace floe::oci
