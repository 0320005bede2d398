// Planning the publish of a staged branch: main fast-forwards to the branch
// head only while main is an ancestor of it, and the commit asserts main is
// still where it was planned (the sample table: snapshots 1..5 in a chain,
// main -> 5, branch "audit" -> 4, tag "release" -> 2).
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "iceberg/fast_forward.hpp"
#include "metadata_samples.hpp"

using namespace floe::iceberg;
namespace samples = floe::test::iceberg_samples;
namespace json = boost::json;

namespace {

// The sample with snapshot `id` (child of `parent`) and branch `name` on it.
TableMetadata with_staged(int64_t id, int64_t parent, const std::string& name = "floe-run-1") {
  TableMetadata m = parse_table_metadata(samples::v2_metadata());
  Snapshot s;
  s.snapshot_id = id;
  s.parent_snapshot_id = parent;
  s.operation = "overwrite";
  m.snapshots.push_back(s);
  SnapshotRef ref;
  ref.name = name;
  ref.snapshot_id = id;
  ref.max_ref_age_ms = 604800000;
  m.refs[name] = ref;
  return m;
}

}  // namespace

TEST_CASE("fast-forward: main moves to the branch head, asserted at its snapshot, and the branch goes in the same commit") {
  FastForward f = plan_fast_forward(with_staged(6, 5), "floe-run-1");
  REQUIRE(f.commit.has_value());
  CHECK(f.problem.empty());
  CHECK(f.from_snapshot == 5);
  CHECK(f.to_snapshot == 6);
  const json::array& req = f.commit->requirements;
  REQUIRE(req.size() == 2);  // the table's uuid, then main's snapshot
  CHECK(req[1].at("type") == "assert-ref-snapshot-id");
  CHECK(req[1].at("ref") == "main");
  CHECK(req[1].at("snapshot-id") == 5);
  const json::array& up = f.commit->updates;
  REQUIRE(up.size() == 2);
  CHECK(up[0].at("action") == "set-snapshot-ref");
  CHECK(up[0].at("ref-name") == "main");
  CHECK(up[0].at("snapshot-id") == 6);
  CHECK_FALSE(up[0].as_object().contains("max-ref-age-ms"));  // main keeps its own retention, not the branch's
  CHECK(up[1].at("action") == "remove-snapshot-ref");
  CHECK(up[1].at("ref-name") == "floe-run-1");
  CHECK(plan_fast_forward(with_staged(6, 5), "floe-run-1", "main", false).commit->updates.size() == 1);
}

TEST_CASE("fast-forward: a branch several snapshots ahead, and a branch on main's own snapshot (a no-op move)") {
  TableMetadata m = with_staged(6, 5);
  Snapshot seven;
  seven.snapshot_id = 7;
  seven.parent_snapshot_id = 6;
  m.snapshots.push_back(seven);
  m.refs["floe-run-1"].snapshot_id = 7;
  CHECK(plan_fast_forward(m, "floe-run-1").to_snapshot == 7);
  CHECK(plan_fast_forward(m, "floe-run-1").commit.has_value());
  m.refs["floe-run-1"].snapshot_id = 5;
  CHECK(plan_fast_forward(m, "floe-run-1").commit.has_value());
}

TEST_CASE("fast-forward: another writer's commit on main since the branch was cut is a conflict, never a lost write") {
  // "audit" (-> 4) was cut before main moved to 5.
  FastForward f = plan_fast_forward(parse_table_metadata(samples::v2_metadata()), "audit");
  CHECK_FALSE(f.commit.has_value());
  CHECK(f.conflict);
  CHECK(f.problem.find("another writer committed snapshot 5 to 'main'") != std::string::npos);
}

TEST_CASE("fast-forward: no such branch, a tag, and a parent cycle in hostile metadata") {
  TableMetadata m = parse_table_metadata(samples::v2_metadata());
  FastForward missing = plan_fast_forward(m, "floe-run-9");
  CHECK_FALSE(missing.commit.has_value());
  CHECK_FALSE(missing.conflict);
  CHECK(missing.problem == "the table has no branch 'floe-run-9'");
  CHECK_FALSE(plan_fast_forward(m, "release").commit.has_value());  // a tag is not a branch

  TableMetadata cycle = with_staged(6, 7);
  Snapshot seven;
  seven.snapshot_id = 7;
  seven.parent_snapshot_id = 6;
  cycle.snapshots.push_back(seven);
  FastForward f = plan_fast_forward(cycle, "floe-run-1");  // ends; main (5) is not reached
  CHECK(f.conflict);
}

TEST_CASE("fast-forward: a table whose main has no snapshot yet asserts that main does not exist") {
  TableMetadata m = with_staged(6, 5);
  m.refs.erase("main");
  FastForward f = plan_fast_forward(m, "floe-run-1");
  REQUIRE(f.commit.has_value());
  CHECK(f.from_snapshot == 0);
  CHECK(f.commit->requirements[1].at("snapshot-id").is_null());
}
