#include "iceberg/fast_forward.hpp"

#include "iceberg/ancestry.hpp"

namespace floe::iceberg {

FastForward plan_fast_forward(const TableMetadata& table, const std::string& branch, const std::string& target,
                              bool drop_branch) {
  FastForward out;
  auto staged = table.refs.find(branch);
  if (staged == table.refs.end() || staged->second.type != RefType::branch) {
    out.problem = "the table has no branch '" + branch + "'";
    return out;
  }
  out.to_snapshot = staged->second.snapshot_id;
  auto current = table.refs.find(target);
  std::optional<int64_t> target_snapshot;
  if (current != table.refs.end()) target_snapshot = current->second.snapshot_id;
  out.from_snapshot = target_snapshot.value_or(0);

  // The target's snapshot must be the branch head or one of its ancestors
  // (by id, or as the parent an ancestor names: expiry may have removed it).
  bool ancestor = !target_snapshot.has_value();  // an empty target is an ancestor of everything
  if (!ancestor)
    for_each_ancestor(SnapshotIndex(table), out.to_snapshot, [&](const Snapshot& s, std::size_t) {
      ancestor = s.snapshot_id == *target_snapshot || s.parent_snapshot_id == target_snapshot;
      return !ancestor;
    });
  if (!ancestor) {
    out.conflict = true;
    out.problem = "'" + target + "' is not an ancestor of branch '" + branch + "': another writer committed snapshot " +
                  std::to_string(*target_snapshot) + " to '" + target + "' after the branch was cut";
    return out;
  }

  SnapshotRef moved;
  if (current != table.refs.end()) moved = current->second;
  moved.name = target;
  moved.type = RefType::branch;
  moved.snapshot_id = out.to_snapshot;
  CommitRequest commit;
  if (!table.table_uuid.empty()) commit.requirements.push_back(requirement::table_uuid(table.table_uuid));
  commit.requirements.push_back(requirement::ref_snapshot_id(target, target_snapshot));
  commit.updates.push_back(update::set_snapshot_ref(moved));
  if (drop_branch) commit.updates.push_back(update::remove_snapshot_ref(branch));
  out.commit = std::move(commit);
  return out;
}

}  // namespace floe::iceberg
