#include "iceberg/manifest_files.hpp"

#include "iceberg/avro_reader.hpp"
#include "iceberg/error.hpp"

namespace floe::iceberg {
namespace json = boost::json;

namespace {

constexpr int64_t kEntryStatusDeleted = 2;

[[noreturn]] void manifest_malformed(const std::string& uri, const std::string& detail) {
  throw_malformed_file("read manifest", uri, detail);
}

// The first of `names` the record has, as an integer; nullopt when absent
// or null. v1 files name some counts differently (added_data_files_count).
std::optional<int64_t> integer(const json::object& record, std::initializer_list<const char*> names,
                               const std::string& uri) {
  for (const char* name : names) {
    auto it = record.find(name);
    if (it == record.end() || it->value().is_null()) continue;
    if (!it->value().is_int64()) manifest_malformed(uri, std::string("'") + name + "' is not an integer");
    return it->value().get_int64();
  }
  return std::nullopt;
}

std::string text(const json::object& record, const char* name, const std::string& uri) {
  auto it = record.find(name);
  if (it == record.end() || !it->value().is_string()) manifest_malformed(uri, std::string("an entry has no '") + name + "'");
  return std::string(it->value().get_string());
}

}  // namespace

std::vector<ManifestRef> read_manifest_list(std::string_view bytes, const std::string& uri) {
  AvroFile file = read_avro(bytes, uri,
                            {"manifest_path", "partition_spec_id", "content", "sequence_number", "added_snapshot_id",
                             "added_files_count", "existing_files_count", "added_data_files_count",
                             "existing_data_files_count"});
  std::vector<ManifestRef> out;
  for (const auto& value : file.records) {
    if (!value.is_object()) manifest_malformed(uri, "a record is not a manifest_file");
    const json::object& r = value.get_object();
    ManifestRef m;
    m.path = text(r, "manifest_path", uri);
    m.spec_id = static_cast<int>(integer(r, {"partition_spec_id"}, uri).value_or(0));
    m.content = static_cast<int>(integer(r, {"content"}, uri).value_or(0));
    m.sequence_number = integer(r, {"sequence_number"}, uri).value_or(0);
    m.added_snapshot_id = integer(r, {"added_snapshot_id"}, uri).value_or(0);
    m.added_files = integer(r, {"added_files_count", "added_data_files_count"}, uri);
    m.existing_files = integer(r, {"existing_files_count", "existing_data_files_count"}, uri);
    out.push_back(std::move(m));
  }
  return out;
}

bool may_hold_live_files(const ManifestRef& manifest) {
  if (!manifest.added_files || !manifest.existing_files) return true;
  return *manifest.added_files + *manifest.existing_files > 0;
}

std::vector<LiveFile> read_live_files(std::string_view bytes, const ManifestRef& manifest) {
  const std::string& uri = manifest.path;
  AvroFile file = read_avro(bytes, uri,
                            {"status", "sequence_number", "file_sequence_number", "data_file.content",
                             "data_file.file_path", "data_file.file_format", "data_file.record_count",
                             "data_file.file_size_in_bytes", "data_file.equality_ids"});
  std::vector<LiveFile> out;
  for (const auto& value : file.records) {
    if (!value.is_object()) manifest_malformed(uri, "a record is not a manifest_entry");
    const json::object& entry = value.get_object();
    int64_t status = integer(entry, {"status"}, uri).value_or(-1);
    if (status < 0 || status > 2) manifest_malformed(uri, "an entry has no valid status");
    if (status == kEntryStatusDeleted) continue;
    auto data_file = entry.find("data_file");
    if (data_file == entry.end() || !data_file->value().is_object()) manifest_malformed(uri, "an entry has no data_file");
    const json::object& f = data_file->value().get_object();
    LiveFile live;
    live.content = static_cast<int>(integer(f, {"content"}, uri).value_or(0));
    if (live.content < 0 || live.content > 2) manifest_malformed(uri, "a data_file has an unknown content " + std::to_string(live.content));
    live.path = text(f, "file_path", uri);
    live.format = text(f, "file_format", uri);
    live.record_count = integer(f, {"record_count"}, uri).value_or(0);
    live.file_size_in_bytes = integer(f, {"file_size_in_bytes"}, uri).value_or(0);
    // Null sequence numbers are inherited from the manifest (only ADDED
    // entries may leave them null; v1 files have none: 0).
    live.sequence_number = integer(entry, {"sequence_number"}, uri).value_or(manifest.sequence_number);
    live.file_sequence_number = integer(entry, {"file_sequence_number"}, uri).value_or(manifest.sequence_number);
    if (auto ids = f.find("equality_ids"); ids != f.end() && ids->value().is_array())
      for (const auto& id : ids->value().get_array())
        if (id.is_int64()) live.equality_ids.push_back(id.get_int64());
    live.spec_id = manifest.spec_id;
    out.push_back(std::move(live));
  }
  return out;
}

std::string unlistable(const TableMetadata& table, const ManifestRef& manifest) {
  for (const auto& spec : table.partition_specs)
    if (spec.spec_id == manifest.spec_id)
      return spec.fields.empty() ? "" : manifest.path + " is of the partitioned spec " + std::to_string(spec.spec_id);
  return manifest.path + " names the partition spec " + std::to_string(manifest.spec_id) + ", which the table does not have";
}

}  // namespace floe::iceberg
