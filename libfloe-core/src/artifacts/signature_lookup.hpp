// Where the signatures of a manifest live. cosign stores its key-based
// ("legacy") signatures in one of two places, and floe looks in both:
//   - the tag sha256-<hex>.sig of the same repository (cosign's default, and
//     what floe writes);
//   - an OCI 1.1 referrer of the manifest (`cosign sign
//     --registry-referrers-mode=oci-1-1`): a manifest with artifactType
//     kCosignSignatureArtifact whose layers are the same simple-signing
//     payloads, found through the referrers API or, on registries without
//     it (docker-registry 2.8.2), the sha256-<hex> fallback index.
// Sigstore bundles among the referrers (cosign --new-bundle-format, cosign
// v3's default) are reported so the user hears why nothing verified; floe
// does not verify them.
#pragma once

#include <string>
#include <vector>

#include "base/result.hpp"
#include "oci/content_target.hpp"

namespace floe::oci {

struct FoundSignatures {
  std::vector<Descriptor> layers;   // simple-signing payload layers
  std::vector<std::string> places;  // where they were: "tag sha256-<hex>.sig", "referrer sha256:<hex>"
  std::vector<Descriptor> bundles;  // referrers holding a sigstore bundle (artifact_type set)
};

// The layers of the signature manifest at `tag` (none when the tag is absent).
Result<std::vector<Descriptor>> signatures_at_tag(ContentTarget& target, const std::string& tag);

// The cosign signatures and sigstore bundles among the referrers of
// `manifest_digest`. Referrer manifests are fetched by digest (so checked);
// one whose subject is another manifest is ignored.
Result<FoundSignatures> signatures_in_referrers(ContentTarget& target, const std::string& manifest_digest);

}  // namespace floe::oci
