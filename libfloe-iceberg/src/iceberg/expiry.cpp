#include "iceberg/expiry.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "iceberg/ancestry.hpp"
#include "iceberg/catalog_client.hpp"

namespace floe::iceberg {
namespace json = boost::json;

const char* to_string(KeepReason reason) noexcept {
  switch (reason) {
    case KeepReason::referenced: return "referenced";
    case KeepReason::keep_last: return "keep_last";
    case KeepReason::newer_than_cutoff: return "newer_than_cutoff";
    case KeepReason::branch_min_snapshots: return "branch_min_snapshots";
    case KeepReason::branch_max_snapshot_age: return "branch_max_snapshot_age";
  }
  return "referenced";
}

std::vector<int64_t> ExpiryPlan::remove_ids() const {
  std::vector<int64_t> ids;
  ids.reserve(remove.size());
  for (const auto& r : remove) ids.push_back(r.snapshot_id);
  return ids;
}

namespace {

[[noreturn]] void invalid(const std::string& what) {
  ErrorInfo info;
  info.kind = ErrorKind::invalid_argument;
  info.operation = "plan snapshot expiry";
  info.detail = what;
  throw Error(std::move(info));
}

constexpr int64_t kDayMs = 86400000;

}  // namespace

ExpiryPlan plan_expiry(const TableMetadata& m, const Retention& r) {
  if (r.older_than_ms.has_value() == r.retention_days.has_value())
    invalid("give exactly one of older_than (a timestamp) and retention_days");
  if (r.keep_last < 0) invalid("keep_last must be 0 or more, got " + std::to_string(r.keep_last));
  ExpiryPlan plan;
  plan.keep_last = r.keep_last;
  if (r.retention_days) {
    if (*r.retention_days < 0) invalid("retention_days must be 0 or more, got " + std::to_string(*r.retention_days));
    if (*r.retention_days > INT64_MAX / kDayMs) invalid("retention_days is too large");
    int64_t span = *r.retention_days * kDayMs;
    plan.cutoff_ms = r.now_ms < INT64_MIN + span ? INT64_MIN : r.now_ms - span;
  } else {
    plan.cutoff_ms = *r.older_than_ms;
  }

  const SnapshotIndex by_id(m);

  std::unordered_map<int64_t, KeptSnapshot> kept;
  kept.reserve(m.snapshots.size());
  auto keep = [&](const Snapshot& s, KeepReason reason, const std::string* ref) {
    KeptSnapshot& k = kept[s.snapshot_id];
    k.snapshot_id = s.snapshot_id;
    k.timestamp_ms = s.timestamp_ms;
    if (std::find(k.reasons.begin(), k.reasons.end(), reason) == k.reasons.end()) k.reasons.push_back(reason);
    if (ref != nullptr && std::find(k.refs.begin(), k.refs.end(), *ref) == k.refs.end()) k.refs.push_back(*ref);
  };
  auto walk = [&](int64_t head, auto&& visit) { for_each_ancestor(by_id, head, visit); };

  for (const auto& entry : m.refs) {
    const std::string& name = entry.first;  // not a structured binding: lambdas below capture it
    const SnapshotRef& ref = entry.second;
    const Snapshot* head = by_id.find(ref.snapshot_id);
    if (head == nullptr) continue;
    const Snapshot& s = *head;
    // A ref past its own max-ref-age-ms goes (as Iceberg's ExpireSnapshots
    // does; never main), and keeps nothing.
    if (ref.max_ref_age_ms && name != "main" && r.now_ms - s.timestamp_ms > *ref.max_ref_age_ms) {
      plan.stale_refs.push_back({name, ref.type, s.snapshot_id, r.now_ms - s.timestamp_ms, *ref.max_ref_age_ms});
      continue;
    }
    keep(s, KeepReason::referenced, &name);
    if (s.timestamp_ms < plan.cutoff_ms) plan.retained_by_ref.push_back({s.snapshot_id, s.timestamp_ms, name, ref.type});
    if (ref.type != RefType::branch) continue;
    const int min_keep = ref.min_snapshots_to_keep.value_or(0);
    // Not an optional: GCC 12 at -O2 takes one captured by the walk's lambda
    // for maybe-uninitialized.
    const bool by_age = ref.max_snapshot_age_ms.has_value();
    const int64_t age_cutoff = by_age ? r.now_ms - *ref.max_snapshot_age_ms : 0;
    if (min_keep <= 1 && !by_age) continue;
    walk(ref.snapshot_id, [&](const Snapshot& a, size_t index) {
      bool any = false;
      if (static_cast<int64_t>(index) < min_keep) {
        keep(a, KeepReason::branch_min_snapshots, &name);
        any = true;
      }
      if (by_age && a.timestamp_ms >= age_cutoff) {
        keep(a, KeepReason::branch_max_snapshot_age, &name);
        any = true;
      }
      return any;
    });
  }

  if (r.keep_last > 0) {
    std::optional<int64_t> head = m.current_snapshot_id;
    if (!head)
      if (auto it = m.refs.find("main"); it != m.refs.end()) head = it->second.snapshot_id;
    if (head) {
      walk(*head, [&](const Snapshot& a, size_t index) {
        if (static_cast<int64_t>(index) >= r.keep_last) return false;
        keep(a, KeepReason::keep_last, nullptr);
        return true;
      });
    }
  }

  for (const auto& s : m.snapshots) {
    if (s.timestamp_ms >= plan.cutoff_ms) {
      keep(s, KeepReason::newer_than_cutoff, nullptr);
    } else if (kept.find(s.snapshot_id) == kept.end()) {
      plan.remove.push_back({s.snapshot_id, s.timestamp_ms});
    }
  }
  plan.keep.reserve(kept.size());
  for (auto& [id, k] : kept) plan.keep.push_back(std::move(k));
  std::sort(plan.keep.begin(), plan.keep.end(), [](const KeptSnapshot& a, const KeptSnapshot& b) {
    return a.timestamp_ms != b.timestamp_ms ? a.timestamp_ms > b.timestamp_ms : a.snapshot_id > b.snapshot_id;
  });
  std::sort(plan.remove.begin(), plan.remove.end(), [](const RemovedSnapshot& a, const RemovedSnapshot& b) {
    return a.timestamp_ms != b.timestamp_ms ? a.timestamp_ms < b.timestamp_ms : a.snapshot_id < b.snapshot_id;
  });
  return plan;
}

json::object to_json(const ExpiryPlan& plan) {
  json::array remove;
  for (const auto& r : plan.remove)
    remove.push_back(json::object{{"snapshot_id", r.snapshot_id}, {"timestamp_ms", r.timestamp_ms}});
  json::array keep;
  for (const auto& k : plan.keep) {
    json::array reasons, refs;
    for (auto reason : k.reasons) reasons.push_back(json::string(to_string(reason)));
    for (const auto& ref : k.refs) refs.push_back(json::string(ref));
    keep.push_back(json::object{{"snapshot_id", k.snapshot_id},
                                {"timestamp_ms", k.timestamp_ms},
                                {"reasons", std::move(reasons)},
                                {"refs", std::move(refs)}});
  }
  json::array retained;
  for (const auto& r : plan.retained_by_ref)
    retained.push_back(json::object{{"snapshot_id", r.snapshot_id},
                                    {"timestamp_ms", r.timestamp_ms},
                                    {"ref", r.ref},
                                    {"ref_type", r.type == RefType::branch ? "branch" : "tag"}});
  json::array stale;
  for (const auto& s : plan.stale_refs)
    stale.push_back(json::object{{"ref", s.ref},
                                 {"ref_type", s.type == RefType::branch ? "branch" : "tag"},
                                 {"snapshot_id", s.snapshot_id},
                                 {"age_ms", s.age_ms},
                                 {"max_ref_age_ms", s.max_ref_age_ms}});
  return json::object{{"cutoff_ms", plan.cutoff_ms},
                      {"keep_last", plan.keep_last},
                      {"remove", std::move(remove)},
                      {"keep", std::move(keep)},
                      {"retained_by_ref", std::move(retained)},
                      {"stale_refs", std::move(stale)}};
}

ExpireResult expire_snapshots(RestCatalog& catalog, const TableIdentifier& table, const Retention& retention,
                              bool dry_run) {
  ExpireResult result;
  if (dry_run) {
    LoadTableResult current = catalog.load_table(table);
    result.plan = plan_expiry(current.metadata, retention);
    result.metadata_location = current.metadata_location.value_or("");
    result.before = std::move(current.metadata);
    return result;
  }
  int plans = 0;
  CommitResult commit = catalog.commit_table(table, [&](const LoadTableResult& current) -> std::optional<CommitRequest> {
    ++plans;
    result.plan = plan_expiry(current.metadata, retention);
    result.before = current.metadata;
    if (result.plan.remove.empty() && result.plan.stale_refs.empty()) return std::nullopt;
    CommitRequest request;
    if (!current.metadata.table_uuid.empty())
      request.requirements.push_back(requirement::table_uuid(current.metadata.table_uuid));
    for (const auto& [name, ref] : current.metadata.refs)
      request.requirements.push_back(requirement::ref_snapshot_id(name, ref.snapshot_id));
    for (const auto& stale : result.plan.stale_refs) request.updates.push_back(update::remove_snapshot_ref(stale.ref));
    if (!result.plan.remove.empty()) request.updates.push_back(update::remove_snapshots(result.plan.remove_ids()));
    return request;
  });
  result.committed = !result.plan.remove.empty() || !result.plan.stale_refs.empty();
  result.attempts = commit.attempts;
  result.metadata_location = commit.metadata_location;
  if (result.committed) result.after = std::move(commit.metadata);
  (void)plans;
  return result;
}

std::vector<Snapshot> ExpireResult::removed_snapshots() const {
  std::vector<Snapshot> out;
  for (const auto& removed : plan.remove)
    if (const Snapshot* s = before.snapshot(removed.snapshot_id)) out.push_back(*s);
  return out;
}

std::vector<Snapshot> ExpireResult::remaining_snapshots() const {
  if (after) return after->snapshots;
  std::vector<int64_t> ids = plan.remove_ids();
  std::vector<Snapshot> out;
  for (const auto& s : before.snapshots)
    if (std::find(ids.begin(), ids.end(), s.snapshot_id) == ids.end()) out.push_back(s);
  return out;
}

}  // namespace floe::iceberg
