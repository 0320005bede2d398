// Snapshot expiry on a real table: five snapshots written by pyiceberg, a
// tag on the second; the plan (dry run) and the committed expiry, seen by
// pyiceberg afterwards.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <filesystem>

#include "catalog_support.hpp"
#include "floe/iceberg.h"
#include "iceberg/catalog_client.hpp"
#include "iceberg/expiry.hpp"
#include "run_process.hpp"

using namespace floe::iceberg;
using floe::test::IcebergRestServer;
using floe::test::options_for;
using floe::test::unique_name;
namespace json = boost::json;

namespace {

IcebergRestServer& server() { return IcebergRestServer::shared(); }

json::value pyiceberg(const std::vector<std::string>& args) {
  std::string script = (std::filesystem::path(FLOE_TEST_SOURCE_DIR) / "tests" / "iceberg" / "pyiceberg_client.py").string();
  std::vector<std::string> argv{script, server().uri()};
  argv.insert(argv.end(), args.begin(), args.end());
  auto r = floe::test::run_process(floe::test::venv_python(), argv);
  INFO("pyiceberg " << args.at(0) << ": " << r.err);
  REQUIRE(r.exit_code == 0);
  return json::parse(r.out);
}

std::vector<int64_t> ids(const std::vector<RemovedSnapshot>& v) {
  std::vector<int64_t> out;
  for (const auto& r : v) out.push_back(r.snapshot_id);
  return out;
}

// s1..s5 oldest first (the chain from main's head).
std::vector<const Snapshot*> chain(const TableMetadata& m) {
  std::vector<const Snapshot*> out;
  for (const Snapshot* s = m.current_snapshot(); s != nullptr;
       s = s->parent_snapshot_id ? m.snapshot(*s->parent_snapshot_id) : nullptr)
    out.insert(out.begin(), s);
  return out;
}

}  // namespace

TEST_CASE("expire: plan, dry run and commit on a table with five snapshots and a tag") {
  RestCatalog catalog(options_for(server().uri()));
  std::string ns = unique_name("floe_expire");
  catalog.create_namespace({ns});
  std::string name = ns + ".t";
  pyiceberg({"create", name});            // s1
  pyiceberg({"append", name, "1", "2"});  // s2
  pyiceberg({"tag", name, "v1"});         // v1 -> s2
  pyiceberg({"append", name, "3", "2"});  // s3, s4, s5
  TableIdentifier id{{ns}, "t"};
  LoadTableResult t = catalog.load_table(id);
  auto s = chain(t.metadata);
  REQUIRE(s.size() == 5);
  REQUIRE(t.metadata.refs.at("v1").snapshot_id == s[1]->snapshot_id);
  const int64_t rows = pyiceberg({"count", name}).at("rows").as_int64();

  // Older than s4: s1, s2, s3 are candidates; the tag keeps s2 (reported).
  Retention r;
  r.older_than_ms = s[3]->timestamp_ms;
  r.keep_last = 1;
  r.now_ms = s[4]->timestamp_ms + 1000;
  ExpireResult dry = expire_snapshots(catalog, id, r, true);
  CHECK_FALSE(dry.committed);
  CHECK(ids(dry.plan.remove) == std::vector<int64_t>{s[0]->snapshot_id, s[2]->snapshot_id});
  REQUIRE(dry.plan.retained_by_ref.size() == 1);
  CHECK(dry.plan.retained_by_ref[0].ref == "v1");
  CHECK(dry.plan.retained_by_ref[0].type == RefType::tag);
  CHECK(catalog.load_table(id).metadata.snapshots.size() == 5);  // a dry run commits nothing

  // Retention in days with keep-last 2, ten days on: s1 and s3 go, s2 (tag), s4 and s5 (keep-last) stay.
  Retention days;
  days.retention_days = 7;
  days.keep_last = 2;
  days.now_ms = s[4]->timestamp_ms + 10LL * 86400000;
  ExpiryPlan plan = plan_expiry(t.metadata, days);
  CHECK(ids(plan.remove) == std::vector<int64_t>{s[0]->snapshot_id, s[2]->snapshot_id});

  ExpireResult done = expire_snapshots(catalog, id, r, false);
  CHECK(done.committed);
  CHECK(done.attempts == 1);
  LoadTableResult after = catalog.load_table(id);
  CHECK(after.metadata.snapshots.size() == 3);
  CHECK(after.metadata.snapshot(s[0]->snapshot_id) == nullptr);
  CHECK(after.metadata.snapshot(s[2]->snapshot_id) == nullptr);
  CHECK(after.metadata.refs.at("v1").snapshot_id == s[1]->snapshot_id);
  CHECK(after.metadata.current_snapshot_id == s[4]->snapshot_id);

  // pyiceberg sees the same history, and the table's rows are intact.
  json::value d = pyiceberg({"describe", name});
  CHECK(d.at("snapshots").as_array().size() == 3);
  CHECK(d.at("refs").at("v1").at("snapshot_id") == s[1]->snapshot_id);
  CHECK(pyiceberg({"count", name}).at("rows") == rows);

  // Nothing left to remove: no commit.
  ExpireResult again = expire_snapshots(catalog, id, r, false);
  CHECK_FALSE(again.committed);
  CHECK(again.plan.remove.empty());

  // A branch past its max-ref-age (the floe-run-<id> a failed publish left)
  // is removed by the next expiry; the tag on the same snapshot keeps it.
  SnapshotRef staged;
  staged.name = "floe-run-expired";
  staged.snapshot_id = s[1]->snapshot_id;
  staged.max_ref_age_ms = 1;
  catalog.commit_table(id, CommitRequest{{}, {update::set_snapshot_ref(staged)}});
  REQUIRE(catalog.load_table(id).metadata.refs.contains("floe-run-expired"));
  ExpireResult pruned = expire_snapshots(catalog, id, r, false);
  CHECK(pruned.committed);
  REQUIRE(pruned.plan.stale_refs.size() == 1);
  CHECK(pruned.plan.stale_refs[0].ref == "floe-run-expired");
  LoadTableResult last = catalog.load_table(id);
  CHECK_FALSE(last.metadata.refs.contains("floe-run-expired"));
  CHECK(last.metadata.snapshot(s[1]->snapshot_id) != nullptr);
  CHECK(pyiceberg({"describe", name}).at("refs").as_object().size() == 2);  // main and v1
}

TEST_CASE("expire: a 409 on the commit reloads the table and re-plans") {
  RestCatalog direct(options_for(server().uri()));
  std::string ns = unique_name("floe_expire_409");
  direct.create_namespace({ns});
  pyiceberg({"create", ns + ".t"});
  pyiceberg({"append", ns + ".t", "2", "1"});
  floe::test::IcebergFaultScenario s;
  s.match = "/namespaces/" + ns + "/tables/t";
  s.fail_method = "POST";
  s.fail_first = 1;
  s.fail_status = 409;
  s.fail_type = "CommitFailedException";
  auto proxy = floe::test::IcebergFaultProxy::start(server(), s);
  RestCatalog catalog(options_for(proxy->uri()));
  LoadTableResult t = catalog.load_table({{ns}, "t"});
  Retention r;
  r.older_than_ms = t.metadata.current_snapshot()->timestamp_ms;
  r.keep_last = 1;
  r.now_ms = r.older_than_ms.value() + 1;
  ExpireResult done = expire_snapshots(catalog, {{ns}, "t"}, r, false);
  CHECK(done.committed);
  CHECK(done.attempts == 2);
  CHECK(done.plan.remove.size() == 2);
  int loads = 0, commits = 0;
  for (const auto& req : proxy->requests()) {
    if (req.path.find("/tables/t") == std::string::npos) continue;
    if (req.method == "GET") ++loads;
    if (req.method == "POST") ++commits;
  }
  CHECK(loads == 3);  // ours, then one per attempt
  CHECK(commits == 2);
  CHECK(direct.load_table({{ns}, "t"}).metadata.snapshots.size() == 1);
}

TEST_CASE("expire: through the C API, dry run then commit") {
  RestCatalog catalog(options_for(server().uri()));
  std::string ns = unique_name("floe_expire_capi");
  catalog.create_namespace({ns});
  pyiceberg({"create", ns + ".t"});
  pyiceberg({"append", ns + ".t", "2", "1"});
  LoadTableResult t = catalog.load_table({{ns}, "t"});
  REQUIRE(t.metadata.snapshots.size() == 3);

  floe_error error = FLOE_ERROR_INIT;
  floe_iceberg_catalog* handle = nullptr;
  std::string cfg = json::serialize(json::object{{"uri", server().uri()}});
  REQUIRE(floe_iceberg_catalog_open(cfg.c_str(), &handle, &error) == FLOE_OK);
  auto expire = [&](bool dry_run) {
    json::object req{{"operation", "expire_snapshots"},
                     {"namespace", json::array{ns}},
                     {"name", "t"},
                     {"retention_days", 1},
                     {"keep_last", 1},
                     {"now_ms", t.metadata.current_snapshot()->timestamp_ms + 3LL * 86400000},
                     {"dry_run", dry_run}};
    std::string text = json::serialize(req);
    floe_buffer out = FLOE_BUFFER_INIT;
    floe_status st = floe_iceberg_catalog_call(handle, text.c_str(), &out, &error);
    INFO((error.message ? error.message : ""));
    REQUIRE(st == FLOE_OK);
    json::value v = json::parse(out.data);
    out.release(&out);
    return v;
  };
  json::value dry = expire(true);
  CHECK(dry.at("committed") == false);
  CHECK(dry.at("plan").at("remove").as_array().size() == 2);
  json::value done = expire(false);
  CHECK(done.at("committed") == true);
  CHECK(catalog.load_table({{ns}, "t"}).metadata.snapshots.size() == 1);
  floe_iceberg_catalog_close(handle);
}
