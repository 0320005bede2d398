// Local-file halves of blob transfers shared by the OCI layout target and the
// blob cache: streaming a file through a VerifiedFile, and reading a small
// blob (a manifest) back with its size and digest checked.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"
#include "oci/content_target.hpp"
#include "oci/descriptor.hpp"
#include "oci/verified_file.hpp"

namespace floe::oci {

// Manifests and indexes larger than this are refused (oras-go uses the same cap).
inline constexpr std::int64_t kMaxManifestBytes = 4 * 1024 * 1024;

// What progress messages call a blob: its title, else its short digest.
std::string blob_label(const Descriptor& d);

// Copies the file at `path` into `out` in chunks (memory stays flat),
// reporting progress; does not commit. A missing file is FLOE_ERR_NOT_FOUND.
Result<Ok> stream_file_into(const std::string& path, VerifiedFile& out, const std::string& label,
                            std::uint64_t total, const ProgressFn& progress);

// The bytes of the file at `path`, which must be exactly the blob `d`
// (at most kMaxManifestBytes). Missing: FLOE_ERR_NOT_FOUND; different size
// or digest: a verification error whose message names `where`.
Result<std::string> read_small_blob(const std::string& path, const Descriptor& d, std::string_view where);

}  // namespace floe::oci
