// Snapshot expiry planning: which snapshots of a table a retention removes
// and which it keeps, and why. Pure computation over TableMetadata (no I/O);
// RestCatalog + expire_snapshots() commit the plan as `remove-snapshots`.
//
// A snapshot is kept when any of these holds (every reason that holds is
// reported):
//   - referenced:     it is the head of a branch or a tag (refs name it)
//   - keep_last:      it is among the `keep_last` most recent snapshots of
//                     the current (main) branch's ancestry
//   - newer_than_cutoff: its timestamp is at or after the cutoff
//   - branch_min_snapshots: it is within a branch's min-snapshots-to-keep
//                     ancestors (the ref's own setting)
//   - branch_max_snapshot_age: it is an ancestor of a branch newer than the
//                     branch's own max-snapshot-age-ms
// Everything else (older than the cutoff and kept by nothing) is removed.
// A snapshot older than the cutoff that a branch or tag keeps is listed in
// `retained_by_ref` (the retention is shorter than a referenced snapshot:
// kept, reported). A ref (never main) whose head is older than its own
// max-ref-age-ms is listed in `stale_refs` and removed by the commit, as
// Iceberg's ExpireSnapshots does: it keeps nothing, so its snapshots go
// when nothing else keeps them (e.g. the floe-run-<id> branch a failed Spark
// publish left, retained 7 days).
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "iceberg/metadata.hpp"

namespace floe::iceberg {

struct Retention {
  // Exactly one of older_than_ms / retention_days.
  std::optional<int64_t> older_than_ms;  // snapshots before this instant (epoch ms) may go
  std::optional<int64_t> retention_days; // cutoff = now_ms - days * 86400000
  int keep_last = 1;                     // >= 0
  int64_t now_ms = 0;                    // "now" for days and ref ages (epoch ms)
};

enum class KeepReason { referenced, keep_last, newer_than_cutoff, branch_min_snapshots, branch_max_snapshot_age };
const char* to_string(KeepReason reason) noexcept;

struct KeptSnapshot {
  int64_t snapshot_id = 0;
  int64_t timestamp_ms = 0;
  std::vector<KeepReason> reasons;
  std::vector<std::string> refs;  // the refs that name it / whose retention keeps it
};

struct RemovedSnapshot {
  int64_t snapshot_id = 0;
  int64_t timestamp_ms = 0;
};

struct RetainedByRef {
  int64_t snapshot_id = 0;
  int64_t timestamp_ms = 0;
  std::string ref;
  RefType type = RefType::branch;
};

struct StaleRef {
  std::string ref;
  RefType type = RefType::branch;
  int64_t snapshot_id = 0;
  int64_t age_ms = 0;
  int64_t max_ref_age_ms = 0;
};

struct ExpiryPlan {
  int64_t cutoff_ms = 0;
  int keep_last = 0;
  std::vector<RemovedSnapshot> remove;  // oldest first
  std::vector<KeptSnapshot> keep;       // newest first
  std::vector<RetainedByRef> retained_by_ref;
  std::vector<StaleRef> stale_refs;
  std::vector<int64_t> remove_ids() const;
};

// Throws Error{invalid_argument} for a retention that is not one of the two
// forms, a negative keep_last or days, or a days value that overflows.
ExpiryPlan plan_expiry(const TableMetadata& metadata, const Retention& retention);

boost::json::object to_json(const ExpiryPlan& plan);

class RestCatalog;
struct TableIdentifier;

struct ExpireResult {
  ExpiryPlan plan;          // the plan that was committed (or would be, dry run)
  bool committed = false;   // false: dry run, or nothing to remove
  int attempts = 0;         // commit attempts (409s re-plan against the reloaded table)
  std::string metadata_location;  // after the commit
  TableMetadata before;           // the table the plan was made against
  std::optional<TableMetadata> after;  // the table after the commit (not on a dry run)

  // The snapshots the plan removes, as `before` held them, and the ones the
  // table keeps (after the commit, else as the plan would leave them): what
  // plan_file_cleanup() takes.
  std::vector<Snapshot> removed_snapshots() const;
  std::vector<Snapshot> remaining_snapshots() const;
};

// Loads the table, plans, and (unless dry_run or the plan removes nothing)
// commits remove-snapshots with assert-table-uuid and assert-ref-snapshot-id
// for every ref the plan relied on; a 409 reloads and re-plans.
ExpireResult expire_snapshots(RestCatalog& catalog, const TableIdentifier& table, const Retention& retention,
                              bool dry_run);

}  // namespace floe::iceberg
