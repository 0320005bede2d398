// Getting a platform artifact: manifest and layers into the blob cache (each
// checked against its digest and size), the signature policy applied, and
// the files extracted once into <cache>/platforms/<hex>/, a directory named
// by the manifest digest and therefore never changed after it appears. A
// digest-pinned reference whose platform is extracted already is answered
// from the cache without any network access.
#pragma once

#include <optional>
#include <string>

#include "diag/diagnostic.hpp"
#include "artifacts/artifact_options.hpp"
#include "artifacts/platform_artifact.hpp"
#include "artifacts/verification_policy.hpp"

namespace floe::oci {

struct PulledPlatform {
  Reference reference;        // as asked, with the digest filled in
  std::string digest;         // of the manifest
  std::string dir;            // <cache>/platforms/<hex>
  PlatformManifest manifest;  // parsed and checked
  bool network = false;       // whether the target was contacted
  std::string verified_by;    // key id, "" when not verified
  std::uint64_t bytes_fetched = 0;
};

// Problems become diagnostics located at `from` (the line holding the
// reference): errors stop the pull (nullopt), a failed signature under a
// warn policy is a warning.
// `kind`: a product artifact is pulled the same way, into <cache>/products/<hex>.
std::optional<PulledPlatform> pull_platform(const Reference& ref, const VerificationPolicy& policy,
                                            const ArtifactOptions& options, const SourceLocation& from,
                                            Diagnostics& diags, const ArtifactKind& kind = kPlatformKind);

}  // namespace floe::oci
