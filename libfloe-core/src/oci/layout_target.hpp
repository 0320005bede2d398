// An OCI Image Layout directory as a ContentTarget (`oci-layout:PATH`): the
// offline/export form of a repository, readable and writable by skopeo, ORAS
// and cosign. On disk: `oci-layout` ({"imageLayoutVersion":"1.0.0"}),
// `index.json` (an image index whose entries carry the tag in
// org.opencontainers.image.ref.name) and `blobs/sha256/<hex>`; manifests are
// blobs too.
//
// Files appear only by rename of a complete temporary file, and index.json is
// rewritten under an flock on `.floe-index.lock`, so concurrent floe
// processes never see half a file nor lose each other's tags. A layout is
// just files that anyone may have edited (or copied from another team), so
// it is read like a registry response: only regular files, no symlink below
// the layout directory (not even blobs/), index.json and manifests at most
// 4 MiB, blobs no larger than declared and checked against their digest, a
// tag named twice for different manifests refused (base/input_file.hpp).
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "oci/content_target.hpp"

namespace floe::oci {

class LayoutTarget : public ContentTarget {
 public:
  // `create`: make the directory, oci-layout and index.json on first use when
  // missing (push side). Otherwise a missing layout is FLOE_ERR_NOT_FOUND.
  LayoutTarget(std::string dir, bool create);

  const std::string& dir() const { return dir_; }

  std::string describe() const override;
  Result<bool> blob_exists(const Descriptor& d) override;
  Result<Ok> push_blob(const Descriptor& d, const BlobSource& source, const ProgressFn& progress) override;
  Result<Ok> fetch_blob(const Descriptor& d, const std::string& dest_path, const ProgressFn& progress) override;
  Result<std::optional<Descriptor>> resolve(const std::string& tag_or_digest) override;
  Result<FetchedManifest> fetch_manifest(const std::string& tag_or_digest) override;
  Result<Ok> push_manifest(const std::string& tag_or_digest, std::string_view bytes,
                           const std::string& media_type) override;
  // The check and the write under the layout's lock, in one index update.
  Result<std::optional<std::string>> push_manifest_if_absent(const std::string& tag, std::string_view bytes,
                                                             const std::string& media_type) override;
  Result<std::vector<std::string>> list_tags() override;
  Result<std::vector<Descriptor>> referrers(const std::string& subject_digest,
                                            const std::string& artifact_type) override;
  Result<Ok> add_referrer(const std::string& subject_digest, const Descriptor& referrer) override;

 private:
  // Checks (or, with create_, makes) the layout; cached after the first success.
  Result<Ok> open();
  // blobs/ and blobs/sha256/, when present, are directories (not symlinks).
  Result<Ok> check_directories() const;
  std::string blob_path(const std::string& digest) const;
  std::string index_path() const;
  Result<boost::json::object> read_index() const;
  // Runs `change` on index.json's manifests[] under the index lock and writes
  // the result back atomically.
  Result<Ok> update_index(const std::function<Result<Ok>(boost::json::array& manifests)>& change);
  Result<Ok> store_manifest_blob(std::string_view bytes, const std::string& digest);
  // Points `tag` at `manifest`: one index entry per tag.
  static void set_tag(boost::json::array& manifests, const std::string& tag, const Descriptor& manifest);
  Result<std::optional<Descriptor>> resolve_in(const boost::json::array& manifests, const std::string& tag_or_digest);
  // A manifest blob, checked against its descriptor.
  Result<std::string> read_manifest_blob(const Descriptor& d) const;

  std::string dir_;
  bool create_;
  bool opened_ = false;
};

// The OCI layouts directly under `dir` (subdirectories holding an
// oci-layout file; symlinks are not followed), by name, sorted: the
// repositories of an `oci-layout:DIR` registry. No `dir`: FLOE_ERR_NOT_FOUND.
Result<std::vector<std::string>> list_layout_directories(const std::string& dir);

}  // namespace floe::oci
