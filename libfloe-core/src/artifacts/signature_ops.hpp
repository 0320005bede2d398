// Signing and checking platform artifacts in cosign's key-based (legacy)
// format: a simple-signing payload naming the manifest digest, signed with
// ECDSA P-256, stored as a layer of the manifest at tag sha256-<hex>.sig in
// the same repository. Users can check floe's signatures with
// `cosign verify --key floe.pub --insecure-ignore-tlog=true` and floe checks
// cosign's.
#pragma once

#include <string>
#include <vector>

#include "base/result.hpp"
#include "oci/blob_cache.hpp"
#include "oci/content_target.hpp"
#include "oci/reference.hpp"

namespace floe::oci {

struct SignatureCheck {
  bool verified = false;
  std::string key_id;   // the trusted key that verified it
  std::string problem;  // why not, when not verified ("no signature at tag ...", "signed by an untrusted key")
  std::size_t signatures = 0;       // cosign key-based signatures found (tag and referrers)
  std::vector<Descriptor> bundles;  // sigstore bundles among the referrers (not verified by floe)
};

// Looks up the signatures of `manifest_digest` (the .sig tag, then the
// referrers: signature_lookup.hpp) and checks them against the PEM public
// keys in `key_paths`. Payload blobs go through the cache (verified by
// digest). Errors are for failures to look (network, keys unreadable:
// detail {"kind": "key"}); an absent or bad signature is a SignatureCheck.
Result<SignatureCheck> check_signatures(ContentTarget& target, BlobCache& cache, const std::string& manifest_digest,
                                        const std::vector<std::string>& key_paths);

// What to do about a check that did not verify: `usual`, and how to get a
// signature floe verifies when a sigstore bundle was found (only that when
// the bundle is all there is).
std::string signature_fix(const SignatureCheck& check, std::string usual);

// Signs `manifest_digest` with the PEM private key at `key_path` and adds the
// signature to the .sig manifest (existing signatures are kept; a signature
// by the same key is not added twice). Existing payloads are read through
// `cache`. Returns the signature tag.
Result<std::string> sign_manifest(ContentTarget& target, BlobCache& cache, const Reference& ref,
                                  const std::string& manifest_digest, const std::string& key_path,
                                  const ProgressFn& progress);

// Remembers (in the cache) that `key_id` verified `manifest_digest`, so a
// later pinned pull needs no network; and asks whether one of `key_paths`
// did before.
void record_verified(const std::string& cache_root, const std::string& manifest_digest, const std::string& key_id);
std::string verified_before(const std::string& cache_root, const std::string& manifest_digest,
                            const std::vector<std::string>& key_paths);

}  // namespace floe::oci
