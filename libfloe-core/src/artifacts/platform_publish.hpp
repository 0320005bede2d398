// Publishing a compiled platform directory as an OCI artifact. Version tags
// are immutable (registries do not enforce it; floe does): publishing a
// version that exists with other content is refused and names the digest
// already there. Only mutable tags (latest, dev-*) can be moved, and only
// with force. Publishing identical content again changes nothing.
#pragma once

#include <boost/json/value.hpp>

#include <optional>
#include <string>

#include "diag/compile_report.hpp"
#include "artifacts/artifact_options.hpp"
#include "artifacts/platform_artifact.hpp"

namespace floe::oci {

struct PublishRequest {
  std::string compiled_dir;  // what `floe platform compile` wrote
  std::string version;       // VERSION as given: metadata.version (a leading 'v' allowed), or latest / dev-*
  std::string registry;      // oci://host/repo or oci-layout:PATH; "" = artifacts.registry of the platform
  std::string base_dir;      // relative oci-layout: paths of `registry` are taken from here; artifacts.registry's
                             // from the manifest that set it (this is the compiled manifest's directory)
  bool force = false;        // allow moving a mutable tag
  std::string sign_key;      // PEM private key: sign after publishing ("" = unsigned)
};

struct PublishResult {
  Reference reference;  // with tag and digest
  std::string digest;
  bool unchanged = false;  // the tag already named exactly this content
  std::size_t files = 0;
  std::uint64_t bytes = 0;       // total size of the files
  std::uint64_t uploaded = 0;    // bytes actually sent (blobs the target lacked)
  std::string signature_tag;     // "" when not signed
};

// {"reference", "digest", "tag", "unchanged", "files", "bytes", "uploaded", "signature_tag"}:
// what a publish operation's report holds as its result.
boost::json::value publish_result_json(const PublishResult& r);

// True for tags that may be moved with force: "latest" and "dev-*".
bool is_mutable_tag(const std::string& tag);

// Packs `dir` as an artifact of `kind` and publishes it at ref (its tag set):
// same immutability (R906), forced moves of mutable tags only, optional
// signing with `sign_key`. What publish_platform and product publishing share.
std::optional<PublishResult> publish_directory(const std::string& dir, const ArtifactInfo& info, const ArtifactKind& kind,
                                               Reference ref, bool force, const std::string& sign_key,
                                               const ArtifactOptions& target_options, const ArtifactOptions& options,
                                               Stage& stage, Diagnostics& diags);

// Progress lines go to `stage`, problems to `diags` (nullopt on error).
std::optional<PublishResult> publish_platform(const PublishRequest& request, const ArtifactOptions& options, Stage& stage,
                                              Diagnostics& diags);

}  // namespace floe::oci
