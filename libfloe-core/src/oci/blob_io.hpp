// Local-file halves of blob transfers shared by the OCI layout target and the
// blob cache: streaming a file through a VerifiedFile, and reading a small
// blob (a manifest) back with its size and digest checked. Every file is
// read through base/input_file.hpp: only regular files, never blocking, never
// more than the blob's declared size; below a layout or cache root no
// symlink is followed.
#pragma once

#include <string>
#include <string_view>

#include "base/input_file.hpp"
#include "base/result.hpp"
#include "oci/content_target.hpp"
#include "oci/descriptor.hpp"
#include "oci/verified_file.hpp"

namespace floe::oci {

// Manifests and indexes larger than this are refused (oras-go uses the same cap).
inline constexpr std::int64_t kMaxManifestBytes = static_cast<std::int64_t>(input_limits::kOciDocument);

// What progress messages call a blob: its title, else its short digest.
std::string blob_label(const Descriptor& d);

// "blobs/sha256/<hex>": where a blob lives below a layout or cache root.
std::string blob_relative_path(const std::string& digest);

// Copies the file at `path` (the user's own file: symlinks followed, but only
// a regular file of at most `total` bytes) into `out` in chunks (memory stays
// flat), reporting progress; does not commit. Missing: FLOE_ERR_NOT_FOUND.
Result<Ok> stream_file_into(const std::string& path, VerifiedFile& out, const std::string& label,
                            std::uint64_t total, const ProgressFn& progress);

// The blob `d` below `root` (blobs/sha256/<hex>), streamed into `out`: a
// symlinked file or directory, a file that is not regular, or one larger
// than d.size is refused before anything is copied. Does not commit.
Result<Ok> stream_blob_into(const std::string& root, const Descriptor& d, VerifiedFile& out,
                            const ProgressFn& progress);

// The bytes of the blob `d` below `root`, which must be exactly `d` (at most
// kMaxManifestBytes). Missing: FLOE_ERR_NOT_FOUND; a refused file, a
// different size or digest: a verification error whose message names `where`.
Result<std::string> read_small_blob(const std::string& root, const Descriptor& d, std::string_view where);

// An input_file.hpp refusal (not a regular file, larger than its limit, a
// symlink, outside its root) as a verification error naming `where` (so OCI
// content that is not what it should be is FLOE-R904); other errors as they are.
Error content_error(Error e, std::string_view where);

}  // namespace floe::oci
