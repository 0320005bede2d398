// What floe needs from a place that stores OCI content, whether a registry
// (registry_target.hpp, over HTTP) or an OCI Image Layout directory
// (layout_target.hpp). Publish, pull, sign and verify are written once
// against this interface.
//
// Contract shared by every implementation:
// - Blobs stream: uploads read from a file (or small in-memory bytes), and
//   downloads are written through VerifiedFile, so memory stays flat however
//   large a blob is and nothing unverified ever lands at the destination.
// - Manifests are raw bytes: hashed as received, never re-serialised.
// - Errors carry a floe status: FLOE_ERR_NOT_FOUND (absent), FLOE_ERR_UNAUTHORIZED
//   (401/403: credentials missing or rejected), FLOE_ERR_UNAVAILABLE (cannot
//   connect, 5xx after retries), FLOE_ERR_TIMEOUT, FLOE_ERR_IO (local files),
//   FLOE_ERR_INVALID_ARGUMENT (the remote sent something malformed, or a digest
//   or size did not match: detail {"kind":"verification"}). The message says
//   what happened and what to do; it never contains a credential.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "oci/descriptor.hpp"

namespace floe::oci {

// Called as a transfer advances: `label` names the blob (its title or short
// digest), `done` and `total` are bytes (total 0 = unknown). May be empty.
using ProgressFn = std::function<void(const std::string& label, std::uint64_t done, std::uint64_t total)>;

// Bytes to upload: a file (streamed, re-read on retry) or, for small blobs
// such as the empty config or a signature payload, bytes in memory.
struct BlobSource {
  std::string path;   // non-empty: read the blob from this file
  std::string bytes;  // used when path is empty
};

// A manifest as fetched: the exact bytes, the media type the remote declared
// and the digest of the bytes.
struct FetchedManifest {
  std::string bytes;
  std::string media_type;
  std::string digest;
};

class ContentTarget {
 public:
  virtual ~ContentTarget() = default;

  // For messages: "oci://127.0.0.1:5000/acme/platform" or "oci-layout:./registry".
  virtual std::string describe() const = 0;

  // True when the target holds the blob `d` names.
  virtual Result<bool> blob_exists(const Descriptor& d) = 0;

  // Stores the blob; d.digest and d.size describe `source` (computed by the
  // caller). A registry may skip the upload when the blob is there already.
  virtual Result<Ok> push_blob(const Descriptor& d, const BlobSource& source, const ProgressFn& progress) = 0;

  // Writes the blob to `dest_path` (parent directories created) only once
  // its size and digest match `d`; on any failure nothing is at dest_path.
  virtual Result<Ok> fetch_blob(const Descriptor& d, const std::string& dest_path, const ProgressFn& progress) = 0;

  // A tag or digest to the manifest's descriptor (mediaType, digest, size);
  // nullopt when absent.
  virtual Result<std::optional<Descriptor>> resolve(const std::string& tag_or_digest) = 0;

  // The manifest's raw bytes. When `tag_or_digest` is a digest the bytes are
  // checked against it. Absent: FLOE_ERR_NOT_FOUND.
  virtual Result<FetchedManifest> fetch_manifest(const std::string& tag_or_digest) = 0;

  // Stores `bytes` (a manifest or an index of `media_type`) under a tag or
  // under its digest.
  virtual Result<Ok> push_manifest(const std::string& tag_or_digest, std::string_view bytes,
                                   const std::string& media_type) = 0;

  // push_manifest under `tag`, for immutable versions: only if the tag is
  // absent or already names this manifest. Returns nullopt when the tag now
  // names `bytes`, or the digest another writer set it to (nothing changed
  // then). This default, for a store without conditional writes (an OCI
  // registry), checks before the push and re-reads after it: of two writers
  // racing on one tag, the one whose re-read finds the other's digest fails;
  // both can only succeed when one pushed after the other's re-read had
  // already found its own (docs/artifacts.md#immutability-under-races).
  virtual Result<std::optional<std::string>> push_manifest_if_absent(const std::string& tag, std::string_view bytes,
                                                                     const std::string& media_type);

  // Every tag, in lexical order.
  virtual Result<std::vector<std::string>> list_tags() = 0;

  // The manifests whose `subject` is `subject_digest`, from the referrers API
  // or the sha256-<hex> fallback tag; filtered to `artifact_type` if given.
  virtual Result<std::vector<Descriptor>> referrers(const std::string& subject_digest,
                                                    const std::string& artifact_type) = 0;

  // Records `referrer` (an already pushed manifest whose subject is
  // `subject_digest`) where referrers() finds it when the target has no
  // referrers API (the fallback index); no duplicates.
  virtual Result<Ok> add_referrer(const std::string& subject_digest, const Descriptor& referrer) = 0;
};

}  // namespace floe::oci
