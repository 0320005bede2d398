// Publishing a staged branch: moving a table's `main` to the head of a
// branch a writer staged on (write-audit-publish: the engine writes
// `floe-run-<id>`, the checks pass, then `main` fast-forwards).
//
// A fast-forward is only allowed when `main` is still an ancestor of the
// branch head (nobody committed to `main` since the branch was cut); the
// commit then asserts `main` is exactly that snapshot, so a writer that moves
// `main` between the plan and the commit makes the catalog refuse it (409)
// instead of losing that writer's snapshot.
#pragma once

#include <optional>
#include <string>

#include "iceberg/catalog_client.hpp"
#include "iceberg/metadata.hpp"

namespace floe::iceberg {

struct FastForward {
  // The commit: assert-ref-snapshot-id(target == its snapshot), then
  // set-snapshot-ref(target -> the branch head, keeping target's retention),
  // then remove-snapshot-ref(branch) when `drop_branch`. Empty when the
  // plan failed (see `problem`).
  std::optional<CommitRequest> commit;
  int64_t from_snapshot = 0;  // target's snapshot now (0: the target has none)
  int64_t to_snapshot = 0;    // the branch head
  // Why the branch cannot be fast-forwarded: "no branch 'x'", "main is not
  // an ancestor of 'x' (main moved to 123 after the branch was cut)".
  std::string problem;
  bool conflict = false;  // `problem` is another writer's commit on target
};

FastForward plan_fast_forward(const TableMetadata& table, const std::string& branch, const std::string& target = "main",
                              bool drop_branch = true);

}  // namespace floe::iceberg
