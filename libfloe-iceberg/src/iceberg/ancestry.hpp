#pragma once
// Walking a snapshot's ancestry (its parent links), the one way expiry and
// the branch fast-forward both do it.

#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <unordered_set>

#include "iceberg/metadata.hpp"

namespace floe::iceberg {

// A table's snapshots by id, built once per metadata document.
class SnapshotIndex {
 public:
  explicit SnapshotIndex(const TableMetadata& table) {
    by_id_.reserve(table.snapshots.size() * 2);
    for (const auto& s : table.snapshots) by_id_.emplace(s.snapshot_id, &s);
  }
  const Snapshot* find(int64_t id) const {
    auto it = by_id_.find(id);
    return it == by_id_.end() ? nullptr : it->second;
  }

 private:
  std::unordered_map<int64_t, const Snapshot*> by_id_;
};

// Calls visit(snapshot, index) for `head` and then each parent (index 0 is
// the head) while visit returns true. Metadata comes from outside: a missing
// snapshot or a parent cycle ends the walk, so it always ends.
template <typename Visit>
void for_each_ancestor(const SnapshotIndex& index, int64_t head, Visit&& visit) {
  std::unordered_set<int64_t> seen;
  const Snapshot* at = index.find(head);
  std::size_t position = 0;
  while (at != nullptr && seen.insert(at->snapshot_id).second) {
    if (!visit(*at, position++)) return;
    if (!at->parent_snapshot_id) return;
    at = index.find(*at->parent_snapshot_id);
  }
}

}  // namespace floe::iceberg
