// Reading what a snapshot holds: its manifest list and the live files of its
// manifests (Iceberg table spec, "Manifests" and "Manifest Lists"). An
// overwrite needs them to list the files it removes as DELETED entries:
// without those, Iceberg's ExpireSnapshots (the incremental cleanup every
// engine's expire_snapshots runs on a table with one branch) never finds the
// replaced files and they stay in the store forever, and incremental readers
// and the snapshot summary do not see the removal.
//
// Pure: the caller fetches the bytes (from the table's FileIO). Manifests
// written by any Iceberg writer (Java, pyiceberg, DuckDB, floe), v1 or v2,
// codec null or deflate. Errors throw Error(malformed) naming the file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "iceberg/metadata.hpp"

namespace floe::iceberg {

// One entry of a manifest list (a manifest of the snapshot).
struct ManifestRef {
  std::string path;
  int spec_id = 0;
  int content = 0;                 // 0 data, 1 deletes
  int64_t sequence_number = 0;     // the sequence number its ADDED entries inherit
  int64_t added_snapshot_id = 0;
  std::optional<int64_t> added_files;     // null when the writer did not count (v1 may)
  std::optional<int64_t> existing_files;
};

// A live (ADDED or EXISTING) file of a manifest, with the sequence numbers
// the spec requires a DELETED entry of it to carry.
struct LiveFile {
  int content = 0;  // 0 data, 1 position deletes, 2 equality deletes
  std::string path;
  std::string format;
  int64_t record_count = 0;
  int64_t file_size_in_bytes = 0;
  int64_t sequence_number = 0;       // data sequence number (inherited ones resolved)
  int64_t file_sequence_number = 0;
  std::vector<int64_t> equality_ids;  // content 2
  int spec_id = 0;
};

std::vector<ManifestRef> read_manifest_list(std::string_view bytes, const std::string& uri);

// Whether the manifest may hold live files (false when its counts say it
// holds only DELETED entries: nothing to read).
bool may_hold_live_files(const ManifestRef& manifest);

// The live files of `manifest`'s bytes.
std::vector<LiveFile> read_live_files(std::string_view bytes, const ManifestRef& manifest);

// Why the live files of `manifest` cannot be listed as deleted by an
// unpartitioned overwrite of `table` ("" when they can): a manifest of a
// partitioned spec needs that spec's partition tuple, which floe does not write.
std::string unlistable(const TableMetadata& table, const ManifestRef& manifest);

}  // namespace floe::iceberg
