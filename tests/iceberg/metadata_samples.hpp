// Table metadata documents for the iceberg tests: a v2 table with nested
// types, a partition spec, a sort order, five snapshots, a branch and a
// tag; the same table in v1 form; a v3 document with fields v2 lacks.
#pragma once

#include <string>

namespace floe::test::iceberg_samples {

// Snapshot timestamps: day 1..5 of 2026 (ms), ids 1..5 in a chain;
// main -> 5, tag "release" -> 2, branch "audit" -> 4 (min-snapshots-to-keep 2).
inline constexpr long long kDay = 86400000LL;
inline constexpr long long kT0 = 1767225600000LL;  // 2026-01-01T00:00:00Z

inline std::string snapshot_json(long long id, long long parent, long long ts, const char* op = "append") {
  std::string s = "{\"snapshot-id\": " + std::to_string(id);
  if (parent > 0) s += ", \"parent-snapshot-id\": " + std::to_string(parent);
  s += ", \"sequence-number\": " + std::to_string(id) + ", \"timestamp-ms\": " + std::to_string(ts) +
       ", \"manifest-list\": \"file:///w/t/metadata/snap-" + std::to_string(id) +
       ".avro\", \"schema-id\": 0, \"summary\": {\"operation\": \"" + op +
       "\", \"added-data-files\": \"1\", \"added-records\": \"10\"}}";
  return s;
}

inline std::string v2_metadata() {
  std::string snaps;
  for (int i = 1; i <= 5; ++i) {
    if (i > 1) snaps += ",";
    snaps += snapshot_json(i, i - 1, kT0 + (i - 1) * kDay);
  }
  return R"J({
  "format-version": 2,
  "table-uuid": "9c12d441-03fe-4693-9a96-a0705ddf69c1",
  "location": "file:///w/t",
  "last-sequence-number": 5,
  "last-updated-ms": 1767657600000,
  "last-column-id": 7,
  "current-schema-id": 1,
  "schemas": [
    {"type": "struct", "schema-id": 0, "fields": [{"id": 1, "name": "id", "required": true, "type": "long"}]},
    {"type": "struct", "schema-id": 1, "identifier-field-ids": [1], "fields": [
      {"id": 1, "name": "id", "required": true, "type": "long"},
      {"id": 2, "name": "amount", "required": false, "type": "decimal(10,2)", "doc": "in EUR"},
      {"id": 3, "name": "tags", "required": false, "type": {"type": "list", "element-id": 4, "element-required": true, "element": "string"}},
      {"id": 5, "name": "attrs", "required": false, "type": {"type": "map", "key-id": 6, "key": "string", "value-id": 7, "value-required": false,
        "value": {"type": "struct", "fields": [{"id": 8, "name": "v", "required": false, "type": "fixed[16]"}]}}}
    ]}
  ],
  "default-spec-id": 0,
  "partition-specs": [{"spec-id": 0, "fields": [{"name": "id_bucket", "transform": "bucket[16]", "source-id": 1, "field-id": 1000}]}],
  "last-partition-id": 1000,
  "default-sort-order-id": 1,
  "sort-orders": [{"order-id": 0, "fields": []}, {"order-id": 1, "fields": [{"transform": "identity", "source-id": 1, "direction": "asc", "null-order": "nulls-first"}]}],
  "properties": {"owner": "floe", "write.format.default": "parquet"},
  "current-snapshot-id": 5,
  "refs": {
    "main": {"snapshot-id": 5, "type": "branch"},
    "release": {"snapshot-id": 2, "type": "tag", "max-ref-age-ms": 864000000},
    "audit": {"snapshot-id": 4, "type": "branch", "min-snapshots-to-keep": 2, "max-snapshot-age-ms": 3600000}
  },
  "snapshots": [)J" + snaps + R"J(],
  "snapshot-log": [{"timestamp-ms": 1767225600000, "snapshot-id": 1}, {"timestamp-ms": 1767571200000, "snapshot-id": 5}],
  "metadata-log": [{"timestamp-ms": 1767225600000, "metadata-file": "file:///w/t/metadata/00000-a.metadata.json"}]
})J";
}

inline std::string v1_metadata() {
  return R"J({
  "format-version": 1,
  "table-uuid": "d20125c8-7284-442c-9aea-15fee620737c",
  "location": "file:///w/v1",
  "last-updated-ms": 1602638573874,
  "last-column-id": 3,
  "schema": {"type": "struct", "fields": [
    {"id": 1, "name": "x", "required": true, "type": "long"},
    {"id": 2, "name": "y", "required": true, "type": "long", "doc": "comment"},
    {"id": 3, "name": "z", "required": true, "type": "long"}]},
  "partition-spec": [{"name": "x", "transform": "identity", "source-id": 1}],
  "properties": {},
  "current-snapshot-id": 3055729675574597004,
  "snapshots": [
    {"snapshot-id": 3051729675574597004, "timestamp-ms": 1515100955770, "summary": {"operation": "append"}, "manifest-list": "s3://a/b/1.avro"},
    {"snapshot-id": 3055729675574597004, "parent-snapshot-id": 3051729675574597004, "timestamp-ms": 1555100955770,
     "manifests": ["s3://a/b/2.avro"]}
  ]
})J";
}

inline std::string v3_metadata() {
  return R"J({
  "format-version": 3,
  "table-uuid": "1b2c5f0e-7aa3-4c4a-8b52-4f8a59d1c0de",
  "location": "file:///w/v3",
  "last-sequence-number": 1,
  "last-updated-ms": 1767225600000,
  "last-column-id": 2,
  "next-row-id": 100,
  "current-schema-id": 0,
  "schemas": [{"type": "struct", "schema-id": 0, "fields": [
    {"id": 1, "name": "id", "required": true, "type": "long"},
    {"id": 2, "name": "payload", "required": false, "type": "variant", "initial-default": null}]}],
  "default-spec-id": 0,
  "partition-specs": [{"spec-id": 0, "fields": []}],
  "last-partition-id": 999,
  "default-sort-order-id": 0,
  "sort-orders": [{"order-id": 0, "fields": []}],
  "encryption-keys": [{"key-id": "k1", "encrypted-key-metadata": "AAAA"}],
  "row-lineage": true,
  "current-snapshot-id": 7,
  "snapshots": [{"snapshot-id": 7, "sequence-number": 1, "timestamp-ms": 1767225600000, "manifest-list": "file:///w/v3/m.avro",
                 "first-row-id": 0, "added-rows": 100, "summary": {"operation": "append"}}],
  "refs": {"main": {"snapshot-id": 7, "type": "branch"}}
})J";
}

}  // namespace floe::test::iceberg_samples
