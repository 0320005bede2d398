// Snapshot expiry planning over a table with five snapshots, a tag and two
// branches: what goes, what stays and why.
#include <catch2/catch.hpp>

#include <algorithm>

#include "iceberg/error.hpp"
#include "iceberg/expiry.hpp"
#include "metadata_samples.hpp"

using namespace floe::iceberg;
namespace samples = floe::test::iceberg_samples;
using samples::kDay;
using samples::kT0;

namespace {

const KeptSnapshot* kept(const ExpiryPlan& p, int64_t id) {
  for (const auto& k : p.keep)
    if (k.snapshot_id == id) return &k;
  return nullptr;
}

bool has(const KeptSnapshot* k, KeepReason r) {
  return k != nullptr && std::find(k->reasons.begin(), k->reasons.end(), r) != k->reasons.end();
}

}  // namespace

TEST_CASE("expiry: older than a cutoff, except what refs, keep-last and branch retention keep") {
  TableMetadata m = parse_table_metadata(samples::v2_metadata());
  Retention r;
  r.older_than_ms = kT0 + 4 * kDay;  // snapshots 1..4 are older
  r.keep_last = 1;
  r.now_ms = kT0 + 12 * kDay;
  ExpiryPlan p = plan_expiry(m, r);
  // The tag "release" (-> 2) is 11 days old and its max-ref-age is 10 days:
  // the ref goes, and snapshot 2 with it (nothing else keeps it).
  REQUIRE(p.stale_refs.size() == 1);
  CHECK(p.stale_refs[0].ref == "release");
  CHECK(p.stale_refs[0].snapshot_id == 2);
  CHECK(p.remove_ids() == std::vector<int64_t>{1, 2});
  CHECK(p.keep.size() == 3);
  CHECK(has(kept(p, 5), KeepReason::referenced));
  CHECK(has(kept(p, 5), KeepReason::keep_last));
  CHECK(has(kept(p, 5), KeepReason::newer_than_cutoff));
  CHECK(kept(p, 2) == nullptr);
  CHECK(has(kept(p, 4), KeepReason::branch_min_snapshots));
  CHECK(has(kept(p, 3), KeepReason::branch_min_snapshots));
  CHECK_FALSE(has(kept(p, 3), KeepReason::referenced));
  // Retention shorter than a referenced snapshot: kept, reported.
  REQUIRE(p.retained_by_ref.size() == 1);
  CHECK(p.retained_by_ref[0].ref == "audit");
  CHECK(p.retained_by_ref[0].snapshot_id == 4);
  CHECK(p.keep.front().snapshot_id == 5);  // newest first
}

TEST_CASE("expiry: a ref within its max-ref-age keeps its snapshot past the retention") {
  TableMetadata m = parse_table_metadata(samples::v2_metadata());
  Retention r;
  r.older_than_ms = kT0 + 4 * kDay;
  r.keep_last = 1;
  r.now_ms = kT0 + 10 * kDay;  // the tag is 9 days old: within its 10
  ExpiryPlan p = plan_expiry(m, r);
  CHECK(p.stale_refs.empty());
  CHECK(p.remove_ids() == std::vector<int64_t>{1});
  CHECK(kept(p, 2)->refs == std::vector<std::string>{"release"});
}

TEST_CASE("expiry: retention in days counts back from now") {
  TableMetadata m = parse_table_metadata(samples::v2_metadata());
  Retention r;
  r.retention_days = 3;
  r.now_ms = kT0 + 5 * kDay;  // cutoff day 2: snapshots 3, 4, 5 are newer
  r.keep_last = 0;
  ExpiryPlan p = plan_expiry(m, r);
  CHECK(p.cutoff_ms == kT0 + 2 * kDay);
  CHECK(p.remove_ids() == std::vector<int64_t>{1});
  CHECK(has(kept(p, 3), KeepReason::newer_than_cutoff));
}

TEST_CASE("expiry: keep-last keeps the newest ancestors of main whatever their age") {
  TableMetadata m = parse_table_metadata(samples::v2_metadata());
  m.refs.erase("release");
  m.refs.erase("audit");
  Retention r;
  r.older_than_ms = kT0 + 100 * kDay;
  r.now_ms = kT0 + 100 * kDay;
  r.keep_last = 3;
  ExpiryPlan p = plan_expiry(m, r);
  CHECK(p.remove_ids() == std::vector<int64_t>{1, 2});
  for (int64_t id : {3, 4, 5}) CHECK(has(kept(p, id), KeepReason::keep_last));
  r.keep_last = 0;
  p = plan_expiry(m, r);
  CHECK(p.remove_ids() == std::vector<int64_t>{1, 2, 3, 4});  // main's head stays: it is referenced
}

TEST_CASE("expiry: a branch's max-snapshot-age keeps its recent ancestors") {
  TableMetadata m = parse_table_metadata(samples::v2_metadata());
  m.refs.erase("release");
  m.refs.at("audit").min_snapshots_to_keep.reset();
  m.refs.at("audit").max_snapshot_age_ms = 2 * kDay + 1;  // ancestors of 4 since day 1: 4, 3, 2
  Retention r;
  r.older_than_ms = kT0 + 100 * kDay;
  r.now_ms = kT0 + 3 * kDay;
  r.keep_last = 1;
  ExpiryPlan p = plan_expiry(m, r);
  CHECK(p.remove_ids() == std::vector<int64_t>{1});
  CHECK(has(kept(p, 2), KeepReason::branch_max_snapshot_age));
}

TEST_CASE("expiry: a table without snapshots plans nothing, and a parent cycle ends the walk") {
  TableMetadata empty = parse_table_metadata(samples::v3_metadata());
  empty.snapshots.clear();
  empty.refs.clear();
  empty.current_snapshot_id.reset();
  Retention r;
  r.older_than_ms = kT0;
  r.now_ms = kT0;
  CHECK(plan_expiry(empty, r).remove.empty());
  TableMetadata m = parse_table_metadata(samples::v2_metadata());
  m.snapshots[0].parent_snapshot_id = 5;  // 1 -> 5 -> 4 -> ... -> 1
  r.keep_last = 100;
  r.older_than_ms = kT0 + 100 * kDay;
  CHECK(plan_expiry(m, r).remove.empty());
}

TEST_CASE("expiry: a retention that is not exactly one of older_than and days is refused") {
  TableMetadata m = parse_table_metadata(samples::v2_metadata());
  Retention both;
  both.older_than_ms = 1;
  both.retention_days = 1;
  CHECK_THROWS_AS(plan_expiry(m, both), Error);
  CHECK_THROWS_AS(plan_expiry(m, Retention{}), Error);
  Retention negative;
  negative.retention_days = 1;
  negative.keep_last = -1;
  CHECK_THROWS_WITH(plan_expiry(m, negative), Catch::Contains("keep_last"));
  Retention huge;
  huge.retention_days = INT64_MAX / 2;
  CHECK_THROWS_WITH(plan_expiry(m, huge), Catch::Contains("too large"));
}
