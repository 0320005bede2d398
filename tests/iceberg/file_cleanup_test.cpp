// plan_file_cleanup (iceberg/file_cleanup.hpp) over manifests floe's own
// overwrite writes, held in memory: what an expiry frees, what it keeps
// because a remaining snapshot still reads it, and the refusals (a file
// outside the table, an object it cannot read, a v1 snapshot). The same
// planner against other writers' tables on a real store is tested in
// tests/plugins/catalog_rest_test.cpp and tests/run/lake_run_test.cpp.
#include <catch2/catch.hpp>

#include <map>
#include <string>

#include "iceberg/file_cleanup.hpp"
#include "iceberg/manifest_files.hpp"
#include "iceberg/metadata.hpp"
#include "iceberg/overwrite.hpp"

using namespace floe::iceberg;

namespace {

constexpr const char* kLocation = "s3://lake/w/ns/t";

struct Store {
  std::map<std::string, std::string> objects;
  ObjectReader reader() const {
    return [this](const std::vector<std::string>& uris) {
      std::vector<ObjectRead> out;
      for (const auto& uri : uris) {
        auto it = objects.find(uri);
        out.push_back(it == objects.end() ? ObjectRead{"", "404 " + uri} : ObjectRead{it->second, ""});
      }
      return out;
    };
  }
};

TableMetadata table() {
  TableMetadata t;
  t.format_version = 2;
  t.location = kLocation;
  t.schemas.push_back(Schema{0, {}, {}});
  t.partition_specs.push_back(PartitionSpec{0, {}});
  return t;
}

// An overwrite snapshot holding `file` (and listing `replaced` as DELETED),
// its Avro files put in the store.
Snapshot overwrite(Store& store, const std::string& file, std::vector<LiveFile> replaced, int64_t sequence) {
  TableMetadata t = table();
  t.last_sequence_number = sequence - 1;
  OverwriteOptions options;
  options.file_tag = "t" + std::to_string(sequence);
  options.now_ms = 1700000000000 + sequence;
  options.replaced_files = std::move(replaced);
  OverwritePlan plan = plan_overwrite(t, {{file, 5, 500, {}}}, options);
  REQUIRE(plan.commit);
  for (const auto& [uri, bytes] : plan.files) store.objects[uri] = bytes;
  Snapshot s;
  s.snapshot_id = plan.snapshot_id;
  s.sequence_number = sequence;
  s.manifest_list = plan.files.back().first;
  return s;
}

LiveFile live(const std::string& path, int64_t sequence) {
  LiveFile f;
  f.path = path;
  f.format = "PARQUET";
  f.record_count = 5;
  f.file_size_in_bytes = 500;
  f.sequence_number = f.file_sequence_number = sequence;
  return f;
}

}  // namespace

TEST_CASE("file cleanup: the replaced file, its manifest and the expired manifest list are freed, the current file is not") {
  Store store;
  const std::string a = std::string(kLocation) + "/data/a.parquet", b = std::string(kLocation) + "/data/b.parquet";
  Snapshot first = overwrite(store, a, {}, 1);
  Snapshot second = overwrite(store, b, {live(a, 1)}, 2);

  FileCleanup freed = plan_file_cleanup({first}, {second}, kLocation, store.reader());
  CHECK(freed.not_planned.empty());
  CHECK(freed.data_files == std::vector<std::string>{a});
  CHECK(freed.delete_files.empty());
  CHECK(freed.manifests.size() == 1);  // the first snapshot's ADDED manifest
  CHECK(freed.manifest_lists == std::vector<std::string>{first.manifest_list});
  CHECK(freed.outside_location.empty());
  CHECK(freed.size() == 3);

  // Expiring nothing frees nothing; a remaining snapshot that still lists
  // the file as live keeps it (and the manifest it shares).
  CHECK(plan_file_cleanup({}, {first, second}, kLocation, store.reader()).size() == 0);
  FileCleanup shared = plan_file_cleanup({first}, {first, second}, kLocation, store.reader());
  CHECK(shared.data_files.empty());
  CHECK(shared.manifests.empty());
  CHECK(shared.manifest_lists.empty());
}

TEST_CASE("file cleanup: a file outside the table's location is kept, and what cannot be read cancels the cleanup") {
  Store store;
  const std::string a = std::string(kLocation) + "/data/a.parquet";
  Snapshot first = overwrite(store, a, {}, 1);
  Snapshot second = overwrite(store, std::string(kLocation) + "/data/b.parquet", {live(a, 1)}, 2);

  // Another table's location (a table registered from copied metadata
  // shares files): nothing is deleted, everything is reported.
  FileCleanup elsewhere = plan_file_cleanup({first}, {second}, "s3://lake/w/ns/other", store.reader());
  CHECK(elsewhere.size() == 0);
  CHECK(elsewhere.outside_location.size() == 3);
  // A prefix of the location is not the location.
  CHECK(plan_file_cleanup({first}, {second}, "s3://lake/w/ns/t/dat", store.reader()).size() == 0);

  // A remaining snapshot's manifest list is missing: it may list anything,
  // so nothing may go.
  Store missing = store;
  missing.objects.erase(second.manifest_list);
  FileCleanup unread = plan_file_cleanup({first}, {second}, kLocation, missing.reader());
  CHECK(unread.size() == 0);
  CHECK(unread.not_planned.find("cannot be read: 404") != std::string::npos);

  // Bytes that are not Avro.
  Store broken = store;
  broken.objects[first.manifest_list] = "not avro";
  CHECK_FALSE(plan_file_cleanup({first}, {second}, kLocation, broken.reader()).not_planned.empty());

  // A v1 snapshot with its manifests inline.
  Snapshot inline_v1 = first;
  inline_v1.manifest_list.clear();
  FileCleanup v1 = plan_file_cleanup({inline_v1}, {second}, kLocation, store.reader());
  CHECK(v1.size() == 0);
  CHECK(v1.not_planned.find("inline") != std::string::npos);
}
