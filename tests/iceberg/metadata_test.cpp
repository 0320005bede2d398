// The table metadata model: metadata.json v1, v2 and v3 parsed; malformed
// documents refused with the JSON pointer of the problem, never a crash.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <unistd.h>

#include "iceberg/error.hpp"
#include "iceberg/metadata.hpp"
#include "metadata_samples.hpp"

using namespace floe::iceberg;
namespace samples = floe::test::iceberg_samples;

namespace {

std::string replace_once(std::string text, const std::string& from, const std::string& to) {
  auto p = text.find(from);
  REQUIRE(p != std::string::npos);
  return text.replace(p, from.size(), to);
}

ErrorInfo parse_error(const std::string& text) {
  try {
    parse_table_metadata(text, "t.metadata.json");
  } catch (const Error& e) {
    return e.info();
  }
  FAIL("the document parsed");
  return {};
}

}  // namespace

TEST_CASE("metadata: a v2 document with nested types, specs, sort orders, snapshots and refs parses") {
  TableMetadata m = parse_table_metadata(samples::v2_metadata());
  CHECK(m.format_version == 2);
  CHECK(m.table_uuid == "9c12d441-03fe-4693-9a96-a0705ddf69c1");
  CHECK(m.current_schema_id == 1);
  REQUIRE(m.current_schema() != nullptr);
  const Schema& s = *m.current_schema();
  REQUIRE(s.fields.size() == 4);
  CHECK(s.identifier_field_ids == std::vector<int>{1});
  CHECK(s.fields[1].type.primitive == "decimal(10,2)");
  CHECK(s.fields[1].doc == "in EUR");
  CHECK(s.fields[2].type.kind == TypeKind::list);
  CHECK(s.fields[2].type.element_id == 4);
  CHECK(s.fields[2].type.children.at(0).primitive == "string");
  const Type& map = s.fields[3].type;
  CHECK(map.kind == TypeKind::map);
  CHECK(map.children.at(1).kind == TypeKind::struct_type);
  CHECK(map.children.at(1).fields.at(0).type.primitive == "fixed[16]");
  REQUIRE(m.partition_specs.size() == 1);
  CHECK(m.partition_specs[0].fields.at(0).transform == "bucket[16]");
  CHECK(m.default_sort_order_id == 1);
  CHECK(m.sort_orders.at(1).fields.at(0).null_order == "nulls-first");
  REQUIRE(m.snapshots.size() == 5);
  CHECK(m.snapshots[4].parent_snapshot_id == 4);
  CHECK(m.snapshots[0].operation == "append");
  CHECK(m.snapshots[0].manifest_list == "file:///w/t/metadata/snap-1.avro");
  CHECK(m.current_snapshot()->snapshot_id == 5);
  REQUIRE(m.refs.size() == 3);
  CHECK(m.refs.at("release").type == RefType::tag);
  CHECK(m.refs.at("release").max_ref_age_ms == 864000000);
  CHECK(m.refs.at("audit").min_snapshots_to_keep == 2);
  CHECK(m.refs.at("audit").max_snapshot_age_ms == 3600000);
  CHECK(m.snapshot_log.size() == 2);
  CHECK(m.metadata_log.at(0).metadata_file == "file:///w/t/metadata/00000-a.metadata.json");
  CHECK(m.properties.at("owner") == "floe");
}

TEST_CASE("metadata: a v1 document (one schema, a partition-spec list, inline manifests) parses") {
  TableMetadata m = parse_table_metadata(samples::v1_metadata());
  CHECK(m.format_version == 1);
  REQUIRE(m.schemas.size() == 1);
  CHECK(m.current_schema()->fields.size() == 3);
  REQUIRE(m.partition_specs.size() == 1);
  CHECK(m.partition_specs[0].fields.at(0).field_id == 1000);  // assigned as the spec says
  CHECK(m.snapshots.size() == 2);
  CHECK(m.snapshots[1].manifest_list.empty());
  // No refs in the file: the current snapshot is the implied main branch.
  REQUIRE(m.refs.count("main") == 1);
  CHECK(m.refs.at("main").snapshot_id == 3055729675574597004LL);
}

TEST_CASE("metadata: v3 fields are tolerated (variant type, next-row-id, row lineage, encryption keys)") {
  TableMetadata m = parse_table_metadata(samples::v3_metadata());
  CHECK(m.format_version == 3);
  CHECK(m.next_row_id == 100);
  CHECK(m.current_schema()->fields.at(1).type.primitive == "variant");
}

TEST_CASE("metadata: the model round-trips through its JSON form") {
  TableMetadata m = parse_table_metadata(samples::v2_metadata());
  boost::json::object o = to_json(m);
  TableMetadata again = parse_table_metadata(boost::json::value(o));
  CHECK(again.snapshots.size() == m.snapshots.size());
  CHECK(again.refs.size() == m.refs.size());
  CHECK(again.current_schema()->fields.at(3).type.children.at(1).fields.at(0).type.primitive == "fixed[16]");
  CHECK(to_json(again) == o);
}

TEST_CASE("metadata: malformed documents name the JSON pointer of the problem") {
  const std::string v2 = samples::v2_metadata();
  struct Case {
    std::string text;
    std::string location;
    std::string words;
  };
  std::vector<Case> cases = {
      {replace_once(v2, "\"timestamp-ms\": 1767312000000", "\"timestamp-ms\": \"tuesday\""), "/snapshots/1/timestamp-ms",
       "expected an integer, got string"},
      {replace_once(v2, "\"type\": \"tag\"", "\"type\": \"label\""), "/refs/release/type", "\"branch\" or \"tag\""},
      {replace_once(v2, "\"element\": \"string\"", "\"element\": 12"), "/schemas/1/fields/2/type/element",
       "expected a type"},
      {replace_once(v2, "\"current-schema-id\": 1", "\"current-schema-id\": 9"), "/current-schema-id",
       "not among the schemas"},
      {replace_once(v2, "\"format-version\": 2", "\"format-version\": 7"), "/format-version", "unsupported"},
      {replace_once(v2, "\"table-uuid\": \"9c12d441-03fe-4693-9a96-a0705ddf69c1\",", ""), "/",
       "missing required key \"table-uuid\""},
      {replace_once(v2, "\"main\": {\"snapshot-id\": 5", "\"main\": {\"snapshot-id\": 55"), "/refs/main/snapshot-id",
       "not among the snapshots"},
      {replace_once(v2, "\"direction\": \"asc\"", "\"direction\": \"up\""), "/sort-orders/1/fields/0/direction",
       "\"asc\" or \"desc\""},
      {replace_once(v2, "\"min-snapshots-to-keep\": 2", "\"min-snapshots-to-keep\": -2"),
       "/refs/audit/min-snapshots-to-keep", "must be positive"},
      {replace_once(v2, "\"snapshot-id\": 3,", "\"snapshot-id\": 99999999999999999999,"), "/snapshots/2/snapshot-id",
       "integer"},
      {replace_once(v2, "\"owner\": \"floe\"", "\"owner\": [\"floe\"]"), "/properties/owner", "expected a string"},
      {"[1, 2, 3]", "/", "expected an object, got array"},
  };
  for (const auto& c : cases) {
    INFO(c.location);
    ErrorInfo info = parse_error(c.text);
    CHECK(info.kind == ErrorKind::malformed);
    CHECK(info.location == c.location);
    CHECK_THAT(Error(info).what(), Catch::Contains(c.words));
    CHECK_THAT(Error(info).what(), Catch::Contains("t.metadata.json"));
  }
}

TEST_CASE("metadata: a syntax error is located by byte, line and column") {
  std::string text = samples::v2_metadata();
  text = text.substr(0, text.find("\"snapshots\": [") + 20);  // cut inside a snapshot
  ErrorInfo info = parse_error(text);
  CHECK(info.kind == ErrorKind::malformed);
  CHECK_THAT(info.location, Catch::StartsWith("byte ") && Catch::Contains("line "));
  info = parse_error("{\"format-version\": 2,, }");
  CHECK_THAT(info.location, Catch::Contains("column 22"));
}

TEST_CASE("metadata: nesting is bounded (a type nested 200 deep is refused, not a stack overflow)") {
  std::string type = "\"long\"";
  for (int i = 0; i < 200; ++i)
    type = "{\"type\": \"list\", \"element-id\": " + std::to_string(100 + i) + ", \"element-required\": true, \"element\": " + type + "}";
  std::string doc = replace_once(samples::v2_metadata(), "\"type\": \"decimal(10,2)\"", "\"type\": " + type);
  ErrorInfo info = parse_error(doc);
  CHECK(info.kind == ErrorKind::malformed);
  CHECK_THAT(info.detail, Catch::Contains("deeper than"));
}

TEST_CASE("metadata: random corruption of a document never crashes, it is an Error or a model") {
  const std::string v2 = samples::v2_metadata();
  std::mt19937 rng(12);
  const std::string alphabet = "{}[]\":,0123456789-abc \\/e.";
  int errors = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string text = v2;
    int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      size_t at = rng() % text.size();
      switch (rng() % 3) {
        case 0: text[at] = alphabet[rng() % alphabet.size()]; break;
        case 1: text.erase(at, 1 + rng() % 8); break;
        default: text.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
      }
    }
    try {
      parse_table_metadata(text);
    } catch (const Error& e) {
      ++errors;
      CHECK(e.kind() == ErrorKind::malformed);
      CHECK_FALSE(e.info().location.empty());
    }
  }
  CHECK(errors > 1000);
}

TEST_CASE("metadata: a schema, a partition spec and a sort order parse from request JSON with optional ids") {
  auto schema = parse_schema(boost::json::parse(R"({"type": "struct", "fields": [{"id": 1, "name": "a", "required": true, "type": "int"}]})"), "s");
  CHECK(schema.schema_id == 0);
  auto spec = parse_partition_spec(boost::json::parse(R"({"fields": [{"source-id": 1, "transform": "day", "name": "a_day"}]})"), "p");
  CHECK(spec.fields.at(0).field_id == 1000);
  auto order = parse_sort_order(boost::json::parse(R"({"fields": [{"source-id": 1, "transform": "identity", "direction": "desc", "null-order": "nulls-last"}]})"), "o");
  CHECK(order.order_id == 1);
  try {
    parse_schema(boost::json::parse(R"({"type": "struct", "fields": [{"id": "x", "name": "a", "required": true, "type": "int"}]})"), "s");
    FAIL("parsed");
  } catch (const Error& e) {
    CHECK(e.info().location == "/fields/0/id");
  }
}

TEST_CASE("metadata: a file is read in chunks, and its syntax errors are located in the file") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("floe-iceberg-md-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  // Large enough for several chunks: 3000 snapshots.
  std::string snaps;
  for (int i = 1; i <= 3000; ++i) snaps += (i > 1 ? "," : "") + samples::snapshot_json(i, i - 1, samples::kT0 + i);
  std::string doc = samples::v2_metadata();
  doc.replace(doc.find("\"snapshots\": [") + 14, doc.find("],\n  \"snapshot-log\"") - doc.find("\"snapshots\": [") - 14, snaps);
  {
    std::ofstream(dir / "big.metadata.json") << doc << "\n\n";
  }
  TableMetadata m = read_table_metadata_file("file://" + (dir / "big.metadata.json").string());
  CHECK(m.snapshots.size() == 3000);
  CHECK(m.snapshots.back().snapshot_id == 3000);
  std::string broken = doc;
  broken.insert(broken.size() - 3, "\n,");
  {
    std::ofstream(dir / "broken.metadata.json") << broken;
  }
  try {
    read_table_metadata_file((dir / "broken.metadata.json").string());
    FAIL("parsed");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::malformed);
    // The ',' starts the line after the inserted newline.
    auto line = std::count(broken.begin(), broken.begin() + static_cast<long>(broken.size() - 4), '\n') + 1;
    CHECK_THAT(e.info().location, Catch::StartsWith("byte ") && Catch::Contains("(line " + std::to_string(line) + ","));
    CHECK_THAT(e.what(), Catch::Contains("broken.metadata.json"));
  }
  {
    std::ofstream(dir / "trailing.metadata.json") << samples::v2_metadata() << " {}";
  }
  CHECK_THROWS_AS(read_table_metadata_file((dir / "trailing.metadata.json").string()), Error);
  CHECK_THROWS_WITH(read_table_metadata_file((dir / "none.json").string()), Catch::Contains("cannot be opened"));
  fs::remove_all(dir);
}
