// floe's content-addressed cache of OCI blobs, shared by every project of a
// user (default $XDG_CACHE_HOME/floe/oci). A blob is fetched once, verified,
// and then served from disk: a pinned pull (reference@digest) needs no
// network at all. Layout under the root:
//   blobs/sha256/<hex>   verified blobs (manifests and layers alike)
//   refs.json            reference -> manifest digest it last resolved to
//   platforms/<hex>/     platforms extracted from manifest <hex> (written by
//                        the pull code; pruned together with that manifest)
// Safe under concurrent processes: blobs appear only by rename of a verified
// temporary file, and refs.json is rewritten under an flock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "oci/content_target.hpp"
#include "oci/descriptor.hpp"
#include "oci/verified_file.hpp"  // read()/ensure() fail with verification_error()

namespace floe::oci {

class BlobCache {
 public:
  explicit BlobCache(std::string root);
  // $XDG_CACHE_HOME/floe/oci, else $HOME/.cache/floe/oci.
  static std::string default_root();

  const std::string& root() const { return root_; }
  std::string blob_path(const std::string& digest) const;
  std::string platform_dir(const std::string& manifest_digest) const;
  // <root>/<folder>/<hex>: where an artifact of another kind is extracted ("products").
  std::string extracted_dir(const std::string& folder, const std::string& manifest_digest) const;

  // Present with exactly d.size bytes. A hit counts as a use (see prune).
  bool has(const Descriptor& d) const;
  // Makes sure the blob is cached: a present blob is never fetched again; an
  // absent one is fetched from `from` and checked (size and digest) before
  // it appears in the cache, so a bad transfer leaves nothing behind.
  // Returns its path.
  Result<std::string> ensure(ContentTarget& from, const Descriptor& d, const ProgressFn& progress);
  // ensure() in two halves, for callers that take several blobs or none: the
  // blob fetched and verified into a private staging file beside its place
  // (returned; the caller removes it if it never commits), then renamed in.
  Result<std::string> fetch_staged(ContentTarget& from, const Descriptor& d, const ProgressFn& progress);
  Result<Ok> commit_staged(const std::string& staging, const Descriptor& d);
  // Stores bytes already in memory (a manifest), verified, atomically.
  Result<std::string> put(const Descriptor& d, std::string_view bytes);
  // A small cached blob (a manifest), its digest re-checked; a corrupt copy
  // is removed so the next ensure() fetches it again.
  Result<std::string> read(const Descriptor& d) const;

  // Which manifest digest `reference` (its str() form, with a tag) last
  // resolved to: for `floe cache ls`, and to use a tag offline when asked.
  Result<Ok> remember(const std::string& reference, const std::string& manifest_digest);
  std::optional<std::string> recall(const std::string& reference) const;

  struct Entry {
    std::string digest;
    std::int64_t size = 0;
    std::int64_t last_used = 0;  // unix seconds
    std::vector<std::string> references;  // remembered references resolving to it
  };
  // Every cached blob, by digest.
  Result<std::vector<Entry>> list() const;

  struct PruneOptions {
    bool all = false;
    std::int64_t unused_for_seconds = 30 * 86400;
    bool dry_run = false;
  };
  struct PruneResult {
    std::size_t removed = 0;  // blobs
    std::int64_t bytes = 0;   // blobs and extracted platforms
  };
  // Removes blobs unused for `unused_for_seconds` (or all of them) unless a
  // kept manifest still references them, with the platforms extracted from
  // removed manifests and the references that resolved to them.
  Result<PruneResult> prune(const PruneOptions& options);

 private:
  std::string refs_path() const;
  std::string root_;
};

}  // namespace floe::oci
