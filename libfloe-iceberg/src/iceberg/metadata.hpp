// The Iceberg table metadata model (the table spec's metadata.json), format
// v1 and v2; v3 fields are tolerated (parsed where modelled, else ignored).
//
// parse_table_metadata() turns a metadata.json document (or the "metadata"
// object of a REST LoadTableResult) into TableMetadata. Malformed input never
// crashes: every problem is an Error of kind `malformed` whose
// info().location is the JSON pointer of the offending value
// ("/snapshots/12/timestamp-ms"), nesting is bounded (kMaxDepth), and sizes
// are bounded by the input. Unknown keys are ignored (the spec grows).
#pragma once

#include <boost/json/fwd.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace floe::iceberg {

// Deepest JSON nesting accepted in a metadata document (nested types count).
inline constexpr int kMaxDepth = 64;

// ---- Schemas (nested types) -------------------------------------------------

struct NestedField;

enum class TypeKind { primitive, struct_type, list, map };

// An Iceberg type. Primitive types keep their spec spelling ("long",
// "decimal(10,2)", "fixed[16]", v3's "variant", "timestamp_ns", ...).
struct Type {
  TypeKind kind = TypeKind::primitive;
  std::string primitive;             // kind == primitive
  std::vector<NestedField> fields;   // kind == struct_type
  std::vector<Type> children;        // list: [element]; map: [key, value]
  int element_id = 0;                // list
  bool element_required = false;     // list
  int key_id = 0, value_id = 0;      // map
  bool value_required = false;       // map
};

struct NestedField {
  int id = 0;
  std::string name;
  bool required = false;
  Type type;
  std::string doc;  // "" when absent
};

struct Schema {
  int schema_id = 0;
  std::vector<NestedField> fields;
  std::vector<int> identifier_field_ids;
};

// ---- Partitioning and sorting ----------------------------------------------

struct PartitionField {
  int source_id = 0;
  int field_id = 0;        // v1 metadata may omit it: assigned 1000, 1001, ... as the spec says
  std::string name;
  std::string transform;   // "identity", "bucket[16]", "day", ...
};

struct PartitionSpec {
  int spec_id = 0;
  std::vector<PartitionField> fields;
};

struct SortField {
  int source_id = 0;
  std::string transform;
  std::string direction;   // "asc" | "desc"
  std::string null_order;  // "nulls-first" | "nulls-last"
};

struct SortOrder {
  int order_id = 0;
  std::vector<SortField> fields;
};

// ---- Snapshots and refs -----------------------------------------------------

struct Snapshot {
  int64_t snapshot_id = 0;
  std::optional<int64_t> parent_snapshot_id;
  int64_t sequence_number = 0;  // 0 in v1
  int64_t timestamp_ms = 0;
  std::string manifest_list;    // "" for v1 snapshots that list manifests inline
  std::optional<int> schema_id;
  // The summary's "operation" and its other entries, in document order.
  std::string operation;
  std::vector<std::pair<std::string, std::string>> summary;
};

enum class RefType { branch, tag };

struct SnapshotRef {
  std::string name;
  RefType type = RefType::branch;
  int64_t snapshot_id = 0;
  std::optional<int64_t> max_ref_age_ms;
  std::optional<int64_t> max_snapshot_age_ms;   // branches only
  std::optional<int> min_snapshots_to_keep;     // branches only
};

struct SnapshotLogEntry {
  int64_t snapshot_id = 0;
  int64_t timestamp_ms = 0;
};

struct MetadataLogEntry {
  std::string metadata_file;
  int64_t timestamp_ms = 0;
};

// ---- The table --------------------------------------------------------------

struct TableMetadata {
  int format_version = 1;
  std::string table_uuid;  // "" only in v1 metadata that has none
  std::string location;
  int64_t last_updated_ms = 0;
  int64_t last_sequence_number = 0;
  int last_column_id = 0;
  std::vector<Schema> schemas;
  int current_schema_id = 0;
  std::vector<PartitionSpec> partition_specs;
  int default_spec_id = 0;
  int last_partition_id = 0;
  std::vector<SortOrder> sort_orders;
  int default_sort_order_id = 0;
  std::map<std::string, std::string> properties;
  std::optional<int64_t> current_snapshot_id;  // absent or -1 in the file: none
  std::vector<Snapshot> snapshots;             // in document order
  // Refs by name. v1/v2 metadata without "refs" but with a current snapshot
  // gets the implied "main" branch, as the spec says.
  std::map<std::string, SnapshotRef> refs;
  std::vector<SnapshotLogEntry> snapshot_log;
  std::vector<MetadataLogEntry> metadata_log;
  std::optional<int64_t> next_row_id;  // v3

  // Lookups (linear in the number of snapshots/schemas; nullptr if absent).
  const Snapshot* snapshot(int64_t id) const;
  const Schema* current_schema() const;
  const Snapshot* current_snapshot() const;
};

// Parses a metadata.json document. Throws Error{malformed} with the JSON
// pointer of the first problem; `source` (a file name or "metadata of
// sales.orders") is named in the message.
TableMetadata parse_table_metadata(std::string_view json_text, std::string_view source = "metadata.json");
TableMetadata parse_table_metadata(const boost::json::value& document, std::string_view source = "metadata.json");

// Reads and parses a metadata.json file (a local path or a file:// URI),
// streaming it in chunks (peak memory: the parsed document plus the model,
// about 4x the file; docs/performance.md#iceberg). Throws Error{not_found} /
// Error{malformed} (a syntax error located by byte, line and column).
TableMetadata read_table_metadata_file(const std::string& path_or_file_uri);

// The spec's JSON forms of a schema, a partition spec and a sort order (as
// in a create-table request). Ids a request may leave out are optional:
// schema-id (0), spec-id (0), partition field-id (1000, 1001, ...),
// order-id (1 when there are fields, else 0). Errors as above, located
// relative to the value ("/fields/2/type").
Schema parse_schema(const boost::json::value& value, std::string_view source);
PartitionSpec parse_partition_spec(const boost::json::value& value, std::string_view source);
SortOrder parse_sort_order(const boost::json::value& value, std::string_view source);

// The model back as JSON for reports (a summary form: schemas with nested
// types, specs, sort orders, snapshots, refs, logs, properties). Uses the
// metadata.json key spelling.
// `storage`: where the document lives (a monotonic arena for one that is
// serialized and dropped: a 10k-snapshot table is ~200k JSON values).
boost::json::object to_json(const TableMetadata& metadata, boost::json::storage_ptr storage = {});
boost::json::object to_json(const Schema& schema);
boost::json::value to_json(const Type& type);

}  // namespace floe::iceberg
