// The Avro reader (iceberg/avro_reader.hpp) and the manifest reading on top
// of it: what floe's own writer writes reads back; a deflate file (the codec
// Java and pyiceberg write) reads; a projection skips fields; and hostile
// bytes (truncated, forged counts, deep nesting, a foreign codec) are
// refused as malformed, never read out of bounds. The readers of other
// writers' manifests are tested against real tables in
// tests/plugins/catalog_rest_test.cpp and tests/run/lake_run_test.cpp.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <zlib.h>

#include <climits>
#include <string>

#include "iceberg/avro_reader.hpp"
#include "iceberg/avro_writer.hpp"
#include "iceberg/error.hpp"
#include "iceberg/manifest_files.hpp"
#include "iceberg/metadata.hpp"
#include "iceberg/overwrite.hpp"

using namespace floe::iceberg;
namespace json = boost::json;

namespace {

constexpr const char* kPairSchema =
    R"({"type":"record","name":"pair","fields":[{"name":"id","type":"long"},)"
    R"({"name":"name","type":["null","string"]},{"name":"tags","type":{"type":"map","values":"int"}}]})";

std::string pair_file() {
  AvroWriter w(kPairSchema, {{"note", "x"}});
  w.write_long(-7);
  w.write_union_index(1);
  w.write_string("seven");
  w.write_block_count(1);
  w.write_string("a");
  w.write_int(1);
  w.write_block_count(0);
  w.end_record();
  w.write_long(8);
  w.write_union_index(0);
  w.write_block_count(0);
  w.end_record();
  return w.finish();
}

// An Avro file's header with `codec`, and `block` (already encoded) as its
// one block of `records` records.
std::string file_with(const std::string& schema, const std::string& codec, int64_t records, const std::string& block) {
  std::string out("Obj\x01", 4);
  append_avro_long(out, 2);
  for (const auto& [k, v] : {std::pair<std::string, std::string>{"avro.schema", schema}, {"avro.codec", codec}}) {
    append_avro_long(out, static_cast<int64_t>(k.size()));
    out += k;
    append_avro_long(out, static_cast<int64_t>(v.size()));
    out += v;
  }
  append_avro_long(out, 0);
  const std::string sync(16, 'S');
  out += sync;
  append_avro_long(out, records);
  append_avro_long(out, static_cast<int64_t>(block.size()));
  out += block;
  out += sync;
  return out;
}

std::string raw_deflate(const std::string& in) {
  z_stream z{};
  REQUIRE(deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&z, static_cast<uLong>(in.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

void refused(const std::string& bytes, const std::string& says) {
  INFO(says);
  try {
    read_avro(bytes, "s3://lake/t/metadata/m.avro");
    FAIL("read");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::malformed);
    CHECK(std::string(e.what()).find(says) != std::string::npos);
    CHECK(std::string(e.what()).find("s3://lake/t/metadata/m.avro") != std::string::npos);
  }
}

}  // namespace

TEST_CASE("avro reader: reads back what the writer wrote, header, unions, maps and all") {
  AvroFile f = read_avro(pair_file(), "pair.avro");
  CHECK(f.metadata.at("note") == "x");
  CHECK(f.metadata.at("avro.codec") == "null");
  REQUIRE(f.records.size() == 2);
  CHECK(f.records[0] == json::parse(R"({"id": -7, "name": "seven", "tags": {"a": 1}})"));
  CHECK(f.records[1] == json::parse(R"({"id": 8, "name": null, "tags": {}})"));
  // A projection builds only the fields it names.
  AvroFile some = read_avro(pair_file(), "pair.avro", {"name"});
  CHECK(some.records[0] == json::parse(R"({"name": "seven"})"));
}

TEST_CASE("avro reader: reads the deflate codec Java's and pyiceberg's writers use") {
  // One record's bytes, compressed as the file's one block.
  std::string record;
  append_avro_long(record, 42);
  append_avro_long(record, 1);
  append_avro_long(record, 3000);
  record += std::string(3000, 'z');
  append_avro_long(record, 0);
  std::string deflated = raw_deflate(record);
  CHECK(deflated.size() < record.size());
  AvroFile f = read_avro(file_with(kPairSchema, "deflate", 1, deflated), "d.avro");
  REQUIRE(f.records.size() == 1);
  CHECK(f.records[0].at("id") == 42);
  CHECK(f.records[0].at("name").as_string().size() == 3000);
}

TEST_CASE("avro reader: hostile bytes are refused as malformed, naming the file") {
  std::string good = pair_file();
  refused("PAR1", "magic");
  refused(good.substr(0, good.size() - 5), "runs past the end");
  refused(file_with(kPairSchema, "snappy", 1, "x"), "codec 'snappy'");
  refused(file_with(kPairSchema, "deflate", 1, "not deflate at all"), "does not decompress");
  // A block count far larger than the bytes, of values that take no bytes.
  std::string nulls;
  append_avro_long(nulls, int64_t{1} << 40);
  refused(file_with(R"({"type":"array","items":"null"})", "null", 1, nulls), "values");
  std::string many;
  refused(file_with(R"({"type":"record","name":"e","fields":[]})", "null", int64_t{1} << 40, many), "values");
  // Schemas nested past the bound.
  std::string deep = "\"long\"";
  for (int i = 0; i < 100; ++i) deep = R"({"type":"array","items":)" + deep + "}";
  refused(file_with(deep, "null", 0, ""), "nested deeper");
  // A union branch, an enum symbol, a length out of range.
  std::string seven;
  append_avro_long(seven, 7);
  refused(file_with(R"(["null","long"])", "null", 1, seven), "union branch out of range");
  refused(file_with(R"({"type":"enum","name":"e","symbols":["a"]})", "null", 1, seven), "enum index out of range");
  std::string negative;
  append_avro_long(negative, -3);
  refused(file_with(R"("string")", "null", 1, negative), "negative length");
  refused(file_with(R"("no_such_type")", "null", 0, ""), "not defined");
  // A header map whose block count is the one negative long without a
  // positive counterpart (found by the iceberg_manifest fuzz target).
  std::string forged("Obj\x01", 4);
  append_avro_long(forged, INT64_MIN);
  refused(forged, "block count out of range");
  // A block followed by a different sync marker.
  std::string torn = good;
  torn[torn.size() - 1] ^= 1;
  refused(torn, "sync marker");
}

TEST_CASE("avro reader: an overwrite's manifests read back, the replaced files as DELETED with their sequence numbers") {
  TableMetadata t;
  t.format_version = 2;
  t.location = "s3://lake/w/ns/t";
  t.last_sequence_number = 4;
  t.schemas.push_back(Schema{0, {}, {}});
  t.partition_specs.push_back(PartitionSpec{0, {}});
  LiveFile old_data;
  old_data.path = "s3://lake/w/ns/t/data/old.parquet";
  old_data.format = "PARQUET";
  old_data.record_count = 9;
  old_data.file_size_in_bytes = 900;
  old_data.sequence_number = 3;
  old_data.file_sequence_number = 4;
  LiveFile old_deletes = old_data;
  old_deletes.content = 2;
  old_deletes.path = "s3://lake/w/ns/t/data/eq-deletes.parquet";
  old_deletes.record_count = 2;
  old_deletes.equality_ids = {1, 3};
  OverwriteOptions options;
  options.file_tag = "run";
  options.now_ms = 1700000000000;
  options.replaced_files = std::vector<LiveFile>{old_data, old_deletes};
  OverwritePlan plan = plan_overwrite(t, {{"s3://lake/w/ns/t/data/new.parquet", 5, 500, {}}}, options);
  REQUIRE(plan.commit);
  REQUIRE(plan.files.size() == 4);  // added, deleted data, deleted deletes, the list

  std::vector<ManifestRef> list = read_manifest_list(plan.files.back().second, plan.files.back().first);
  REQUIRE(list.size() == 3);
  CHECK(list[0].content == 0);
  CHECK(list[1].content == 0);
  CHECK(list[2].content == 1);
  for (const auto& m : list) {
    CHECK(m.sequence_number == 5);
    CHECK(m.added_snapshot_id == plan.snapshot_id);
  }
  CHECK(may_hold_live_files(list[0]));
  CHECK_FALSE(may_hold_live_files(list[1]));  // DELETED entries only: nothing live to read
  std::vector<LiveFile> live = read_live_files(plan.files[0].second, list[0]);
  REQUIRE(live.size() == 1);
  CHECK(live[0].path == "s3://lake/w/ns/t/data/new.parquet");
  CHECK(live[0].sequence_number == 5);  // inherited from the list
  CHECK(read_live_files(plan.files[1].second, list[1]).empty());

  // The DELETED entries as written, with the files' own sequence numbers.
  AvroFile deleted = read_avro(plan.files[2].second, plan.files[2].first);
  REQUIRE(deleted.records.size() == 1);
  CHECK(deleted.metadata.at("content") == "deletes");
  const json::value& e = deleted.records[0];
  CHECK(e.at("status") == 2);
  CHECK(e.at("snapshot_id") == plan.snapshot_id);
  CHECK(e.at("sequence_number") == 3);
  CHECK(e.at("file_sequence_number") == 4);
  CHECK(e.at("data_file").at("content") == 2);
  CHECK(e.at("data_file").at("equality_ids") == json::array{1, 3});

  const json::object& summary =
      plan.commit->updates.front().at("snapshot").at("summary").as_object();
  CHECK(summary.at("deleted-data-files") == "1");
  CHECK(summary.at("deleted-records") == "9");
  CHECK(summary.at("removed-delete-files") == "1");
  CHECK(summary.at("removed-equality-deletes") == "2");
  CHECK(summary.at("removed-files-size") == "1800");
}

TEST_CASE("manifest files: a manifest of a partitioned spec cannot be listed by an unpartitioned overwrite") {
  TableMetadata t;
  t.partition_specs.push_back(PartitionSpec{0, {PartitionField{}}});
  t.partition_specs.push_back(PartitionSpec{1, {}});
  ManifestRef m;
  m.path = "s3://lake/m.avro";
  m.spec_id = 0;
  CHECK(unlistable(t, m).find("partitioned spec 0") != std::string::npos);
  m.spec_id = 1;
  CHECK(unlistable(t, m).empty());
  m.spec_id = 9;
  CHECK(unlistable(t, m).find("does not have") != std::string::npos);
}
