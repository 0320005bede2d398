#include "iceberg/overwrite.hpp"

#include <boost/json/serialize.hpp>

#include <random>
#include <set>
#include <type_traits>

#include "iceberg/avro_writer.hpp"

namespace floe::iceberg {
namespace json = boost::json;

namespace {

// The manifest entry and manifest file schemas of the Iceberg table spec
// (v2), with the field ids readers project by. Optional fields floe has no
// value for (NaN counts, sort order, split offsets) are left out: readers
// read them as null. Maps with int keys are Avro arrays of key/value
// records, as the spec writes them.
constexpr const char* kManifestEntrySchema =
    R"({"type":"record","name":"manifest_entry","fields":[)"
    R"({"name":"status","type":"int","field-id":0},)"
    R"({"name":"snapshot_id","type":["null","long"],"default":null,"field-id":1},)"
    R"({"name":"sequence_number","type":["null","long"],"default":null,"field-id":3},)"
    R"({"name":"file_sequence_number","type":["null","long"],"default":null,"field-id":4},)"
    R"({"name":"data_file","type":{"type":"record","name":"r2","fields":[)"
    R"({"name":"content","type":"int","field-id":134},)"
    R"({"name":"file_path","type":"string","field-id":100},)"
    R"({"name":"file_format","type":"string","field-id":101},)"
    R"({"name":"partition","type":{"type":"record","name":"r102","fields":[]},"field-id":102},)"
    R"({"name":"record_count","type":"long","field-id":103},)"
    R"({"name":"file_size_in_bytes","type":"long","field-id":104},)"
    R"({"name":"column_sizes","type":["null",{"type":"array","logicalType":"map","items":{"type":"record",)"
    R"("name":"k117_v118","fields":[{"name":"key","type":"int","field-id":117},)"
    R"({"name":"value","type":"long","field-id":118}]}}],"default":null,"field-id":108},)"
    R"({"name":"value_counts","type":["null",{"type":"array","logicalType":"map","items":{"type":"record",)"
    R"("name":"k119_v120","fields":[{"name":"key","type":"int","field-id":119},)"
    R"({"name":"value","type":"long","field-id":120}]}}],"default":null,"field-id":109},)"
    R"({"name":"null_value_counts","type":["null",{"type":"array","logicalType":"map","items":{"type":"record",)"
    R"("name":"k121_v122","fields":[{"name":"key","type":"int","field-id":121},)"
    R"({"name":"value","type":"long","field-id":122}]}}],"default":null,"field-id":110},)"
    R"({"name":"lower_bounds","type":["null",{"type":"array","logicalType":"map","items":{"type":"record",)"
    R"("name":"k126_v127","fields":[{"name":"key","type":"int","field-id":126},)"
    R"({"name":"value","type":"bytes","field-id":127}]}}],"default":null,"field-id":125},)"
    R"({"name":"upper_bounds","type":["null",{"type":"array","logicalType":"map","items":{"type":"record",)"
    R"("name":"k129_v130","fields":[{"name":"key","type":"int","field-id":129},)"
    R"({"name":"value","type":"bytes","field-id":130}]}}],"default":null,"field-id":128},)"
    R"({"name":"equality_ids","type":["null",{"type":"array","items":"int","element-id":136}],)"
    R"("default":null,"field-id":135}]},"field-id":2}]})";

constexpr const char* kManifestFileSchema =
    R"({"type":"record","name":"manifest_file","fields":[)"
    R"({"name":"manifest_path","type":"string","field-id":500},)"
    R"({"name":"manifest_length","type":"long","field-id":501},)"
    R"({"name":"partition_spec_id","type":"int","field-id":502},)"
    R"({"name":"content","type":"int","field-id":517},)"
    R"({"name":"sequence_number","type":"long","field-id":515},)"
    R"({"name":"min_sequence_number","type":"long","field-id":516},)"
    R"({"name":"added_snapshot_id","type":"long","field-id":503},)"
    R"({"name":"added_files_count","type":"int","field-id":504},)"
    R"({"name":"existing_files_count","type":"int","field-id":505},)"
    R"({"name":"deleted_files_count","type":"int","field-id":506},)"
    R"({"name":"added_rows_count","type":"long","field-id":512},)"
    R"({"name":"existing_rows_count","type":"long","field-id":513},)"
    R"({"name":"deleted_rows_count","type":"long","field-id":514},)"
    R"({"name":"partitions","type":["null",{"type":"array","items":{"type":"record","name":"r508","fields":[)"
    R"({"name":"contains_null","type":"boolean","field-id":509},)"
    R"({"name":"contains_nan","type":["null","boolean"],"default":null,"field-id":518},)"
    R"({"name":"lower_bound","type":["null","bytes"],"default":null,"field-id":510},)"
    R"({"name":"upper_bound","type":["null","bytes"],"default":null,"field-id":511}]},"element-id":508}],)"
    R"("default":null,"field-id":507}]})";

constexpr int kStatusAdded = 1;
constexpr int kStatusDeleted = 2;
constexpr int kContentData = 0;
constexpr int kManifestOfDeletes = 1;

std::string metadata_directory(const TableMetadata& table) {
  auto it = table.properties.find("write.metadata.path");
  return it != table.properties.end() && !it->second.empty() ? it->second : table.location + "/metadata";
}

// A snapshot id no snapshot of the table has: positive, random (Iceberg's
// writers pick them at random too; sequence numbers carry the order).
int64_t fresh_snapshot_id(const TableMetadata& table) {
  std::set<int64_t> taken;
  for (const auto& s : table.snapshots) taken.insert(s.snapshot_id);
  std::random_device device;
  for (;;) {
    uint64_t bits = (static_cast<uint64_t>(device()) << 32) | device();
    auto id = static_cast<int64_t>(bits & 0x7FFFFFFFFFFFFFFFull);
    if (id != 0 && taken.count(id) == 0) return id;
  }
}

std::string random_tag() {
  std::random_device device;
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 4; ++i) {
    uint32_t word = device();
    for (int j = 0; j < 8; ++j) out.push_back(digits[(word >> (4 * j)) & 0xF]);
  }
  return out;
}

// The parent's totals, for the summary's deleted-* entries ("" if unknown).
std::string summary_value(const Snapshot* snapshot, const std::string& key) {
  if (snapshot == nullptr) return "";
  for (const auto& [k, v] : snapshot->summary)
    if (k == key) return v;
  return "";
}


// One entry to write: a new file (ADDED) or a file the table held (DELETED).
struct ManifestEntryToWrite {
  int status = kStatusAdded;
  const LiveFile* held = nullptr;   // DELETED
  const DataFile* added = nullptr;  // ADDED
};

struct ManifestCounts {
  int64_t added = 0, deleted = 0, added_rows = 0, deleted_rows = 0;
};

// One of a data file's metric maps (null when no column has that metric).
template <class Value>
void write_metric_map(AvroWriter& manifest, const std::vector<ColumnMetrics>& metrics,
                      std::optional<Value> ColumnMetrics::*member) {
  int64_t count = 0;
  for (const auto& m : metrics) count += (m.*member).has_value();
  if (count == 0) {
    manifest.write_union_index(0);
    return;
  }
  manifest.write_union_index(1);
  manifest.write_block_count(count);
  for (const auto& m : metrics) {
    if (!(m.*member)) continue;
    manifest.write_int(m.field_id);
    if constexpr (std::is_same_v<Value, std::string>) manifest.write_bytes(*(m.*member));
    else manifest.write_long(*(m.*member));
  }
  manifest.write_block_count(0);
}

void write_metrics(AvroWriter& manifest, const std::vector<ColumnMetrics>& metrics) {
  write_metric_map(manifest, metrics, &ColumnMetrics::column_size);
  write_metric_map(manifest, metrics, &ColumnMetrics::value_count);
  write_metric_map(manifest, metrics, &ColumnMetrics::null_value_count);
  write_metric_map(manifest, metrics, &ColumnMetrics::lower_bound);
  write_metric_map(manifest, metrics, &ColumnMetrics::upper_bound);
}

std::string write_manifest(const Schema& schema, int spec_id, int64_t snapshot_id, int content,
                           const std::vector<ManifestEntryToWrite>& entries, ManifestCounts& counts) {
  AvroWriter manifest(kManifestEntrySchema, {{"schema", json::serialize(schema_json(schema))},
                                             {"schema-id", std::to_string(schema.schema_id)},
                                             {"partition-spec", "[]"},
                                             {"partition-spec-id", std::to_string(spec_id)},
                                             {"format-version", "2"},
                                             {"content", content == kManifestOfDeletes ? "deletes" : "data"}});
  for (const auto& e : entries) {
    manifest.write_int(e.status);
    manifest.write_union_index(1);
    manifest.write_long(snapshot_id);
    if (e.added) {
      manifest.write_union_index(0);  // sequence_number: inherited
      manifest.write_union_index(0);  // file_sequence_number: inherited
      manifest.write_int(kContentData);
      manifest.write_string(e.added->path);
      manifest.write_string("PARQUET");
      manifest.write_long(e.added->record_count);
      manifest.write_long(e.added->file_size_in_bytes);
      write_metrics(manifest, e.added->metrics);
      manifest.write_union_index(0);  // equality_ids
      ++counts.added;
      counts.added_rows += e.added->record_count;
    } else {
      // A DELETED entry keeps the file's own sequence numbers (the spec:
      // only ADDED entries may inherit them).
      manifest.write_union_index(1);
      manifest.write_long(e.held->sequence_number);
      manifest.write_union_index(1);
      manifest.write_long(e.held->file_sequence_number);
      manifest.write_int(e.held->content);
      manifest.write_string(e.held->path);
      manifest.write_string(e.held->format);
      manifest.write_long(e.held->record_count);
      manifest.write_long(e.held->file_size_in_bytes);
      write_metrics(manifest, {});  // a DELETED entry needs none
      if (e.held->equality_ids.empty()) {
        manifest.write_union_index(0);
      } else {
        manifest.write_union_index(1);
        manifest.write_block_count(static_cast<int64_t>(e.held->equality_ids.size()));
        for (int64_t id : e.held->equality_ids) manifest.write_int(static_cast<int32_t>(id));
        manifest.write_block_count(0);
      }
      ++counts.deleted;
      counts.deleted_rows += e.held->record_count;
    }
    manifest.end_record();
  }
  return manifest.finish();
}

// What the overwrite removed, for the snapshot summary (the names Java's
// SnapshotSummary uses).
struct Removed {
  int64_t data_files = 0, records = 0, bytes = 0, position_files = 0, position_rows = 0, equality_files = 0,
          equality_rows = 0;
  void count(const LiveFile& f) {
    bytes += f.file_size_in_bytes;
    if (f.content == 0) {
      ++data_files;
      records += f.record_count;
    } else if (f.content == 1) {
      ++position_files;
      position_rows += f.record_count;
    } else {
      ++equality_files;
      equality_rows += f.record_count;
    }
  }
  void summarize(json::object& summary) const {
    auto put = [&](const char* key, int64_t v) {
      if (v > 0) summary[key] = std::to_string(v);
    };
    put("deleted-data-files", data_files);
    put("deleted-records", records);
    put("removed-files-size", bytes);
    put("removed-delete-files", position_files + equality_files);
    put("removed-position-delete-files", position_files);
    put("removed-position-deletes", position_rows);
    put("removed-equality-delete-files", equality_files);
    put("removed-equality-deletes", equality_rows);
  }
};

}  // namespace

std::string data_directory(const TableMetadata& table) {
  auto it = table.properties.find("write.data.path");
  return it != table.properties.end() && !it->second.empty() ? it->second : table.location + "/data";
}

OverwritePlan plan_overwrite(const TableMetadata& table, const std::vector<DataFile>& files,
                             const OverwriteOptions& options) {
  OverwritePlan plan;
  if (table.format_version != 2) {
    plan.problem = "the table is Iceberg format version " + std::to_string(table.format_version) +
                   "; floe replaces the files of version 2 tables only";
    return plan;
  }
  const PartitionSpec* spec = nullptr;
  for (const auto& s : table.partition_specs)
    if (s.spec_id == table.default_spec_id) spec = &s;
  if (spec != nullptr && !spec->fields.empty()) {
    plan.problem = "the table is partitioned (spec " + std::to_string(spec->spec_id) +
                   "); floe replaces the files of unpartitioned tables only";
    return plan;
  }
  const Schema* schema = nullptr;
  for (const auto& s : table.schemas)
    if (s.schema_id == options.schema_id) schema = &s;
  if (schema == nullptr) {
    plan.problem = "the table has no schema " + std::to_string(options.schema_id);
    return plan;
  }

  plan.snapshot_id = fresh_snapshot_id(table);
  const int64_t sequence = table.last_sequence_number + 1;
  auto main = table.refs.find("main");
  if (main != table.refs.end()) plan.replaced_snapshot = main->second.snapshot_id;
  const Snapshot* parent = plan.replaced_snapshot ? table.snapshot(*plan.replaced_snapshot) : nullptr;
  const std::string tag = (options.file_tag.empty() ? std::string() : options.file_tag + "-") + random_tag();
  const std::string directory = metadata_directory(table);

  // The manifests, each with its entry in the manifest list.
  AvroWriter list(kManifestFileSchema, {{"snapshot-id", std::to_string(plan.snapshot_id)},
                                        {"parent-snapshot-id", plan.replaced_snapshot
                                                                   ? std::to_string(*plan.replaced_snapshot)
                                                                   : std::string("null")},
                                        {"sequence-number", std::to_string(sequence)},
                                        {"format-version", "2"}});
  auto add_manifest = [&](const std::vector<ManifestEntryToWrite>& entries, int manifest_content) {
    if (entries.empty() && manifest_content == kManifestOfDeletes) return;
    ManifestCounts counts;
    std::string bytes = write_manifest(*schema, table.default_spec_id, plan.snapshot_id, manifest_content, entries, counts);
    std::string path = directory + "/floe-" + tag + "-m" + std::to_string(plan.files.size()) + ".avro";
    list.write_string(path);
    list.write_long(static_cast<int64_t>(bytes.size()));
    list.write_int(table.default_spec_id);
    list.write_int(manifest_content);
    list.write_long(sequence);
    // min_sequence_number: the smallest data sequence number of its live
    // entries, which inherit this snapshot's; a manifest of DELETED entries
    // only has none and takes the snapshot's too (as Java's writer does).
    list.write_long(sequence);
    list.write_long(plan.snapshot_id);
    list.write_int(static_cast<int32_t>(counts.added));
    list.write_int(0);
    list.write_int(static_cast<int32_t>(counts.deleted));
    list.write_long(counts.added_rows);
    list.write_long(0);
    list.write_long(counts.deleted_rows);
    list.write_union_index(0);  // partitions: none (unpartitioned)
    list.end_record();
    plan.files.emplace_back(std::move(path), std::move(bytes));
  };

  // Every new file is ADDED by this snapshot; their sequence numbers are
  // inherited from the manifest list's entry (null here).
  std::vector<ManifestEntryToWrite> added, deleted_data, deleted_deletes;
  int64_t records = 0, bytes = 0;
  for (const auto& f : files) {
    added.push_back({kStatusAdded, nullptr, &f});
    records += f.record_count;
    bytes += f.file_size_in_bytes;
  }
  // Every file the table held is DELETED by it, with the sequence numbers
  // it had: data files in a data manifest, delete files in a delete manifest.
  Removed removed;
  if (options.replaced_files) {
    for (const auto& f : *options.replaced_files) {
      (f.content == kContentData ? deleted_data : deleted_deletes).push_back({kStatusDeleted, &f, nullptr});
      removed.count(f);
    }
  }
  add_manifest(added, kContentData);
  if (!deleted_data.empty()) add_manifest(deleted_data, kContentData);
  add_manifest(deleted_deletes, kManifestOfDeletes);
  std::string list_path = directory + "/snap-" + std::to_string(plan.snapshot_id) + "-1-" + tag + ".avro";
  plan.files.emplace_back(list_path, list.finish());

  json::object summary{{"operation", "overwrite"},
                       {"added-data-files", std::to_string(files.size())},
                       {"added-records", std::to_string(records)},
                       {"added-files-size", std::to_string(bytes)},
                       {"total-data-files", std::to_string(files.size())},
                       {"total-delete-files", "0"},
                       {"total-records", std::to_string(records)},
                       {"total-files-size", std::to_string(bytes)},
                       {"total-position-deletes", "0"},
                       {"total-equality-deletes", "0"}};
  if (options.replaced_files) {
    removed.summarize(summary);
  } else {
    // The removed files are not known: the parent's totals are what went.
    for (const auto& [from, to] : {std::pair{"total-data-files", "deleted-data-files"},
                                   std::pair{"total-records", "deleted-records"},
                                   std::pair{"total-delete-files", "removed-delete-files"}})
      if (std::string v = summary_value(parent, from); !v.empty() && v != "0") summary[to] = v;
  }
  json::object snapshot{{"snapshot-id", plan.snapshot_id},
                        {"sequence-number", sequence},
                        {"timestamp-ms", options.now_ms},
                        {"manifest-list", list_path},
                        {"summary", std::move(summary)},
                        {"schema-id", schema->schema_id}};
  if (plan.replaced_snapshot) snapshot["parent-snapshot-id"] = *plan.replaced_snapshot;

  SnapshotRef moved;
  if (main != table.refs.end()) moved = main->second;
  moved.name = "main";
  moved.type = RefType::branch;
  moved.snapshot_id = plan.snapshot_id;

  CommitRequest commit;
  if (!table.table_uuid.empty()) commit.requirements.push_back(requirement::table_uuid(table.table_uuid));
  commit.requirements.push_back(requirement::ref_snapshot_id("main", plan.replaced_snapshot));
  commit.requirements.push_back(requirement::current_schema_id(schema->schema_id));
  commit.requirements.push_back(requirement::default_spec_id(table.default_spec_id));
  commit.updates.push_back(json::object{{"action", "add-snapshot"}, {"snapshot", std::move(snapshot)}});
  commit.updates.push_back(update::set_snapshot_ref(moved));
  if (!options.properties.empty()) commit.updates.push_back(update::set_properties(options.properties));
  plan.commit = std::move(commit);
  return plan;
}

}  // namespace floe::iceberg
