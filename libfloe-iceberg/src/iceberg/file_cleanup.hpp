// Which files a snapshot expiry leaves unreferenced, so that they can be
// deleted from the store: removing snapshots from a table's metadata frees
// nothing by itself, and a retention that only edits metadata keeps every
// byte of the "expired" data readable by anyone with the store's keys.
//
// Reachability, as Iceberg's ReachableFileCleanup decides it: a file may go
// when a manifest of an expired snapshot lists it as live and no manifest of
// a snapshot the table still has lists it as live; a manifest may go when an
// expired snapshot lists it and no remaining snapshot does; an expired
// snapshot's manifest list always goes. Whoever wrote the manifests (floe,
// DuckDB, pyiceberg, Spark, Trino) and whatever their partitioning.
//
// Conservative where it cannot prove a file unreferenced: a manifest list or
// manifest it cannot read (a codec other than null/deflate/zstandard, a v1
// snapshot with inline manifests, a store error) cancels the whole cleanup,
// and a file outside the table's location is never deleted (it may be
// another table's: a table registered from copied metadata shares files).
//
// Pure: the caller reads the objects (the table's FileIO) and deletes them.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "iceberg/metadata.hpp"

namespace floe::iceberg {

struct FileCleanup {
  // To delete, each list sorted and without duplicates.
  std::vector<std::string> data_files;
  std::vector<std::string> delete_files;  // position and equality deletes
  std::vector<std::string> manifests;
  std::vector<std::string> manifest_lists;
  // Unreferenced, but outside the table's location: kept.
  std::vector<std::string> outside_location;
  // Non-empty: nothing may be deleted (the lists above are empty), and why.
  std::string not_planned;

  std::size_t size() const {
    return data_files.size() + delete_files.size() + manifests.size() + manifest_lists.size();
  }
};

// One object of the table's store as read: its bytes, or why not.
struct ObjectRead {
  std::string bytes;
  std::string problem;  // "" when read
};

// Reads the objects `uris` names, one answer each in the same order. The
// planner asks in batches (every manifest list, then the manifests they
// name), so a reader may fetch a batch in parallel: an expiry of a table
// with a year of daily snapshots reads hundreds of small objects.
using ObjectReader = std::function<std::vector<ObjectRead>(const std::vector<std::string>& uris)>;

// `expired`: the snapshots an expiry removed (as the table held them before);
// `remaining`: the snapshots the table holds after it. `location`: the
// table's location, under which every deleted file must lie.
FileCleanup plan_file_cleanup(const std::vector<Snapshot>& expired, const std::vector<Snapshot>& remaining,
                              const std::string& location, const ObjectReader& read);

}  // namespace floe::iceberg
