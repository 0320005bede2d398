#include "iceberg/metadata.hpp"

#include <boost/json.hpp>

#include <fstream>
#include <sstream>

#include "iceberg/json_node.hpp"

namespace floe::iceberg {
namespace json = boost::json;
using detail::Node;

namespace {

constexpr std::string_view kOperation = "parse table metadata";

Type parse_type(const Node& n, int depth);

NestedField parse_field(const Node& n, int depth) {
  NestedField f;
  f.id = n.at("id").int32();
  f.name = n.at("name").string();
  f.required = n.at("required").boolean();
  f.type = parse_type(n.at("type"), depth + 1);
  if (auto d = n.find("doc")) f.doc = d->string();
  return f;
}

std::vector<NestedField> parse_fields(const Node& n, int depth) {
  std::vector<NestedField> out;
  const auto& arr = n.array();
  out.reserve(arr.size());
  for (size_t i = 0; i < arr.size(); ++i) out.push_back(parse_field(n.at(i), depth + 1));
  return out;
}

Type parse_type(const Node& n, int depth) {
  if (depth > kMaxDepth) n.fail("type nested deeper than " + std::to_string(kMaxDepth) + " levels");
  Type t;
  if (n.value().is_string()) {
    t.kind = TypeKind::primitive;
    t.primitive = n.string();
    if (t.primitive.empty()) n.fail("empty type name");
    return t;
  }
  if (!n.value().is_object()) n.fail("expected a type (a string or an object)");
  std::string_view kind = n.at("type").string_view();
  if (kind == "struct") {
    t.kind = TypeKind::struct_type;
    t.fields = parse_fields(n.at("fields"), depth + 1);
  } else if (kind == "list") {
    t.kind = TypeKind::list;
    t.element_id = n.at("element-id").int32();
    t.element_required = n.at("element-required").boolean();
    t.children.push_back(parse_type(n.at("element"), depth + 1));
  } else if (kind == "map") {
    t.kind = TypeKind::map;
    t.key_id = n.at("key-id").int32();
    t.value_id = n.at("value-id").int32();
    t.value_required = n.at("value-required").boolean();
    t.children.push_back(parse_type(n.at("key"), depth + 1));
    t.children.push_back(parse_type(n.at("value"), depth + 1));
  } else {
    n.at("type").fail("unknown nested type \"" + std::string(kind) + "\" (expected struct, list or map)");
  }
  return t;
}

Schema parse_schema_node(const Node& n, int default_id) {
  Schema s;
  if (auto t = n.find("type"); t && t->string_view() != "struct") t->fail("a schema must be a struct");
  s.schema_id = default_id;
  if (auto id = n.find("schema-id")) s.schema_id = id->int32();
  s.fields = parse_fields(n.at("fields"), 1);
  if (auto ids = n.find("identifier-field-ids")) {
    const auto& arr = ids->array();
    for (size_t i = 0; i < arr.size(); ++i) s.identifier_field_ids.push_back(ids->at(i).int32());
  }
  return s;
}

std::vector<PartitionField> parse_partition_fields(const Node& n, int& next_field_id) {
  std::vector<PartitionField> out;
  const auto& arr = n.array();
  for (size_t i = 0; i < arr.size(); ++i) {
    Node f = n.at(i);
    PartitionField pf;
    pf.source_id = f.at("source-id").int32();
    pf.name = f.at("name").string();
    pf.transform = f.at("transform").string();
    if (auto id = f.find("field-id")) pf.field_id = id->int32();
    else pf.field_id = next_field_id;
    next_field_id = std::max(next_field_id, pf.field_id + 1);
    out.push_back(std::move(pf));
  }
  return out;
}

SortOrder parse_sort_order_node(const Node& n, bool id_required) {
  SortOrder o;
  Node fields = n.at("fields");
  if (id_required) o.order_id = n.at("order-id").int32();
  else if (auto id = n.find("order-id")) o.order_id = id->int32();
  else o.order_id = fields.array().empty() ? 0 : 1;
  const auto& arr = fields.array();
  for (size_t i = 0; i < arr.size(); ++i) {
    Node f = fields.at(i);
    SortField sf;
    sf.source_id = f.at("source-id").int32();
    sf.transform = f.at("transform").string();
    Node dir = f.at("direction");
    sf.direction = dir.string();
    if (sf.direction != "asc" && sf.direction != "desc") dir.fail("expected \"asc\" or \"desc\"");
    Node nulls = f.at("null-order");
    sf.null_order = nulls.string();
    if (sf.null_order != "nulls-first" && sf.null_order != "nulls-last")
      nulls.fail("expected \"nulls-first\" or \"nulls-last\"");
    o.fields.push_back(std::move(sf));
  }
  return o;
}

Snapshot parse_snapshot(const Node& n, int format_version) {
  Snapshot s;
  s.snapshot_id = n.at("snapshot-id").int64();
  if (auto p = n.find("parent-snapshot-id")) s.parent_snapshot_id = p->int64();
  if (auto seq = n.find("sequence-number")) s.sequence_number = seq->int64();
  s.timestamp_ms = n.at("timestamp-ms").int64();
  if (format_version >= 2) {
    s.manifest_list = n.at("manifest-list").string();
  } else if (auto ml = n.find("manifest-list")) {
    s.manifest_list = ml->string();
  }
  if (auto sid = n.find("schema-id")) s.schema_id = sid->int32();
  std::optional<Node> summary = format_version >= 2 ? std::optional<Node>(n.at("summary")) : n.find("summary");
  if (summary) {
    const auto& obj = summary->object();
    s.summary.reserve(obj.size());
    for (const auto& kv : obj) {
      Node v = *summary->find(kv.key(), false);
      std::string_view key(kv.key().data(), kv.key().size());
      if (key == "operation") {
        s.operation = v.string();
        continue;
      }
      s.summary.emplace_back(std::string(key), v.string());
    }
    if (format_version >= 2 && s.operation.empty()) summary->fail("missing required key \"operation\"");
  }
  return s;
}

SnapshotRef parse_ref(const Node& n, std::string name) {
  SnapshotRef r;
  r.name = std::move(name);
  Node type = n.at("type");
  std::string_view t = type.string_view();
  if (t == "branch") r.type = RefType::branch;
  else if (t == "tag") r.type = RefType::tag;
  else type.fail("expected \"branch\" or \"tag\", got \"" + std::string(t) + "\"");
  r.snapshot_id = n.at("snapshot-id").int64();
  if (auto v = n.find("max-ref-age-ms")) r.max_ref_age_ms = v->int64();
  if (auto v = n.find("max-snapshot-age-ms")) r.max_snapshot_age_ms = v->int64();
  if (auto v = n.find("min-snapshots-to-keep")) r.min_snapshots_to_keep = v->int32();
  if (r.max_ref_age_ms && *r.max_ref_age_ms <= 0) n.at("max-ref-age-ms").fail("must be positive");
  if (r.max_snapshot_age_ms && *r.max_snapshot_age_ms <= 0) n.at("max-snapshot-age-ms").fail("must be positive");
  if (r.min_snapshots_to_keep && *r.min_snapshots_to_keep <= 0) n.at("min-snapshots-to-keep").fail("must be positive");
  return r;
}

TableMetadata parse_root(const Node& root) {
  TableMetadata m;
  root.object();
  Node fv = root.at("format-version");
  m.format_version = fv.int32();
  if (m.format_version < 1 || m.format_version > 3)
    fv.fail("unsupported format-version " + std::to_string(m.format_version) + " (1, 2 and 3 are known)");
  const int v = m.format_version;
  if (v >= 2) m.table_uuid = root.at("table-uuid").string();
  else if (auto u = root.find("table-uuid")) m.table_uuid = u->string();
  m.location = root.at("location").string();
  if (auto x = root.find("last-updated-ms")) m.last_updated_ms = x->int64();
  if (v >= 2) m.last_sequence_number = root.at("last-sequence-number").int64();
  else if (auto x = root.find("last-sequence-number")) m.last_sequence_number = x->int64();
  if (auto x = root.find("last-column-id")) m.last_column_id = x->int32();
  if (auto x = root.find("next-row-id")) m.next_row_id = x->int64();

  // Schemas: v2 "schemas" + "current-schema-id"; v1 may have only "schema".
  if (auto schemas = root.find("schemas")) {
    const auto& arr = schemas->array();
    for (size_t i = 0; i < arr.size(); ++i) m.schemas.push_back(parse_schema_node(schemas->at(i), 0));
    std::optional<Node> cur = v >= 2 ? std::optional<Node>(root.at("current-schema-id")) : root.find("current-schema-id");
    if (cur) m.current_schema_id = cur->int32();
    else if (!m.schemas.empty()) m.current_schema_id = m.schemas.front().schema_id;
    if (m.current_schema() == nullptr) {
      std::string what = "current-schema-id " + std::to_string(m.current_schema_id) + " is not among the schemas";
      if (cur) cur->fail(what);
      schemas->fail(what);
    }
  } else if (v == 1) {
    m.schemas.push_back(parse_schema_node(root.at("schema"), 0));
    m.current_schema_id = m.schemas.front().schema_id;
  } else {
    root.at("schemas");
  }

  // Partition specs: v2 "partition-specs" + "default-spec-id"; v1 may have "partition-spec" (fields).
  int next_partition_field = 1000;
  if (auto specs = root.find("partition-specs")) {
    const auto& arr = specs->array();
    for (size_t i = 0; i < arr.size(); ++i) {
      Node s = specs->at(i);
      PartitionSpec spec;
      spec.spec_id = s.at("spec-id").int32();
      spec.fields = parse_partition_fields(s.at("fields"), next_partition_field);
      m.partition_specs.push_back(std::move(spec));
    }
    if (auto d = v >= 2 ? std::optional<Node>(root.at("default-spec-id")) : root.find("default-spec-id"))
      m.default_spec_id = d->int32();
  } else if (v == 1) {
    PartitionSpec spec;
    if (auto fields = root.find("partition-spec")) spec.fields = parse_partition_fields(*fields, next_partition_field);
    m.partition_specs.push_back(std::move(spec));
  } else {
    root.at("partition-specs");
  }
  if (auto x = root.find("last-partition-id")) m.last_partition_id = x->int32();
  else m.last_partition_id = next_partition_field - 1;

  if (auto orders = root.find("sort-orders")) {
    const auto& arr = orders->array();
    for (size_t i = 0; i < arr.size(); ++i) m.sort_orders.push_back(parse_sort_order_node(orders->at(i), true));
  } else if (v >= 2) {
    root.at("sort-orders");
  }
  if (auto x = root.find("default-sort-order-id")) m.default_sort_order_id = x->int32();

  if (auto props = root.find("properties")) {
    for (const auto& kv : props->object())
      m.properties.emplace(std::string(kv.key()), props->find(kv.key(), false)->string());
  }

  if (auto cur = root.find("current-snapshot-id")) {
    int64_t id = cur->int64();
    if (id != -1) m.current_snapshot_id = id;
  }
  if (auto snaps = root.find("snapshots")) {
    const auto& arr = snaps->array();
    m.snapshots.reserve(arr.size());
    for (size_t i = 0; i < arr.size(); ++i) m.snapshots.push_back(parse_snapshot(snaps->at(i), v));
  }
  if (m.current_snapshot_id && m.current_snapshot() == nullptr)
    root.at("current-snapshot-id").fail("current-snapshot-id " + std::to_string(*m.current_snapshot_id) +
                                        " is not among the snapshots");

  if (auto refs = root.find("refs")) {
    for (const auto& kv : refs->object()) {
      Node r = *refs->find(kv.key(), false);
      SnapshotRef ref = parse_ref(r, std::string(kv.key()));
      if (m.snapshot(ref.snapshot_id) == nullptr)
        r.at("snapshot-id").fail("ref \"" + ref.name + "\" names snapshot " + std::to_string(ref.snapshot_id) +
                                 ", which is not among the snapshots");
      m.refs.emplace(ref.name, std::move(ref));
    }
  }
  if (m.current_snapshot_id && m.refs.find("main") == m.refs.end()) {
    SnapshotRef main;
    main.name = "main";
    main.snapshot_id = *m.current_snapshot_id;
    m.refs.emplace("main", std::move(main));
  }

  if (auto log = root.find("snapshot-log")) {
    const auto& arr = log->array();
    m.snapshot_log.reserve(arr.size());
    for (size_t i = 0; i < arr.size(); ++i) {
      Node e = log->at(i);
      m.snapshot_log.push_back({e.at("snapshot-id").int64(), e.at("timestamp-ms").int64()});
    }
  }
  if (auto log = root.find("metadata-log")) {
    const auto& arr = log->array();
    m.metadata_log.reserve(arr.size());
    for (size_t i = 0; i < arr.size(); ++i) {
      Node e = log->at(i);
      m.metadata_log.push_back({e.at("metadata-file").string(), e.at("timestamp-ms").int64()});
    }
  }
  return m;
}

}  // namespace

const Snapshot* TableMetadata::snapshot(int64_t id) const {
  for (const auto& s : snapshots)
    if (s.snapshot_id == id) return &s;
  return nullptr;
}

const Schema* TableMetadata::current_schema() const {
  for (const auto& s : schemas)
    if (s.schema_id == current_schema_id) return &s;
  return nullptr;
}

const Snapshot* TableMetadata::current_snapshot() const {
  return current_snapshot_id ? snapshot(*current_snapshot_id) : nullptr;
}

TableMetadata parse_table_metadata(const json::value& document, std::string_view source) {
  Node root(document, source, kOperation);
  return parse_root(root);
}

TableMetadata parse_table_metadata(std::string_view json_text, std::string_view source) {
  // The document lives only while the model is built: one arena, freed at once.
  json::monotonic_resource arena;
  json::value doc = detail::parse_json(json_text, source, kOperation, kMaxDepth, &arena);
  return parse_table_metadata(doc, source);
}

TableMetadata read_table_metadata_file(const std::string& path_or_file_uri) {
  std::string path = path_or_file_uri;
  if (path.rfind("file://", 0) == 0) path = path.substr(7);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ErrorInfo info;
    info.kind = ErrorKind::not_found;
    info.operation = "read table metadata";
    info.identifier = path;
    info.detail = "the file cannot be opened";
    throw Error(std::move(info));
  }
  // Read in chunks: the text is never whole in memory, only the document
  // (in one arena, freed at once) and then the model.
  json::monotonic_resource arena;
  json::value doc = detail::parse_json(in, path, kOperation, kMaxDepth, &arena);
  Node root(doc, path, kOperation);
  return parse_root(root);
}

Schema parse_schema(const json::value& value, std::string_view source) {
  Node n(value, source, "parse schema");
  return parse_schema_node(n, 0);
}

PartitionSpec parse_partition_spec(const json::value& value, std::string_view source) {
  Node n(value, source, "parse partition spec");
  PartitionSpec spec;
  if (auto id = n.find("spec-id")) spec.spec_id = id->int32();
  int next = 1000;
  spec.fields = parse_partition_fields(n.at("fields"), next);
  return spec;
}

SortOrder parse_sort_order(const json::value& value, std::string_view source) {
  Node n(value, source, "parse sort order");
  return parse_sort_order_node(n, false);
}

// ---- Back to JSON -------------------------------------------------------------

json::value to_json(const Type& type) {
  switch (type.kind) {
    case TypeKind::primitive: return json::value(type.primitive);
    case TypeKind::struct_type: {
      json::array fields;
      for (const auto& f : type.fields) {
        json::object o{{"id", f.id}, {"name", f.name}, {"required", f.required}, {"type", to_json(f.type)}};
        if (!f.doc.empty()) o["doc"] = f.doc;
        fields.push_back(std::move(o));
      }
      return json::object{{"type", "struct"}, {"fields", std::move(fields)}};
    }
    case TypeKind::list:
      return json::object{{"type", "list"},
                          {"element-id", type.element_id},
                          {"element-required", type.element_required},
                          {"element", type.children.empty() ? json::value() : to_json(type.children[0])}};
    case TypeKind::map:
      return json::object{{"type", "map"},
                          {"key-id", type.key_id},
                          {"key", type.children.size() < 2 ? json::value() : to_json(type.children[0])},
                          {"value-id", type.value_id},
                          {"value-required", type.value_required},
                          {"value", type.children.size() < 2 ? json::value() : to_json(type.children[1])}};
  }
  return nullptr;
}

json::object to_json(const Schema& schema) {
  Type t;
  t.kind = TypeKind::struct_type;
  t.fields = schema.fields;
  json::object o = to_json(t).as_object();
  o["schema-id"] = schema.schema_id;
  if (!schema.identifier_field_ids.empty()) {
    json::array ids;
    for (int id : schema.identifier_field_ids) ids.push_back(id);
    o["identifier-field-ids"] = std::move(ids);
  }
  return o;
}

json::object to_json(const TableMetadata& m, json::storage_ptr sp) {
  // Every container is made in `sp`: a value moved into a container of
  // another storage would be copied.
  json::object o(sp);
  o["format-version"] = m.format_version;
  o["table-uuid"] = m.table_uuid;
  o["location"] = m.location;
  o["last-updated-ms"] = m.last_updated_ms;
  o["last-sequence-number"] = m.last_sequence_number;
  o["last-column-id"] = m.last_column_id;
  json::array schemas(sp);
  for (const auto& s : m.schemas) schemas.push_back(to_json(s));
  o["schemas"] = std::move(schemas);
  o["current-schema-id"] = m.current_schema_id;
  json::array specs(sp);
  for (const auto& s : m.partition_specs) {
    json::array fields(sp);
    for (const auto& f : s.fields)
      fields.push_back(json::object({{"source-id", f.source_id}, {"field-id", f.field_id}, {"name", f.name},
                                     {"transform", f.transform}},
                                    sp));
    specs.push_back(json::object({{"spec-id", s.spec_id}, {"fields", std::move(fields)}}, sp));
  }
  o["partition-specs"] = std::move(specs);
  o["default-spec-id"] = m.default_spec_id;
  o["last-partition-id"] = m.last_partition_id;
  json::array orders(sp);
  for (const auto& s : m.sort_orders) {
    json::array fields(sp);
    for (const auto& f : s.fields)
      fields.push_back(json::object({{"source-id", f.source_id}, {"transform", f.transform},
                                     {"direction", f.direction}, {"null-order", f.null_order}},
                                    sp));
    orders.push_back(json::object({{"order-id", s.order_id}, {"fields", std::move(fields)}}, sp));
  }
  o["sort-orders"] = std::move(orders);
  o["default-sort-order-id"] = m.default_sort_order_id;
  json::object props(sp);
  for (const auto& [k, v] : m.properties) props[k] = v;
  o["properties"] = std::move(props);
  o["current-snapshot-id"] = m.current_snapshot_id ? json::value(*m.current_snapshot_id) : json::value(nullptr);
  json::array snaps(sp);
  snaps.reserve(m.snapshots.size());
  for (const auto& s : m.snapshots) {
    json::object so({{"snapshot-id", s.snapshot_id}, {"timestamp-ms", s.timestamp_ms},
                     {"sequence-number", s.sequence_number}, {"manifest-list", s.manifest_list}},
                    sp);
    so["parent-snapshot-id"] = s.parent_snapshot_id ? json::value(*s.parent_snapshot_id) : json::value(nullptr);
    if (s.schema_id) so["schema-id"] = *s.schema_id;
    json::object summary(sp);
    summary.reserve(s.summary.size() + 1);
    summary["operation"] = s.operation;
    for (const auto& [k, v] : s.summary) summary[k] = v;
    so["summary"] = std::move(summary);
    snaps.push_back(std::move(so));
  }
  o["snapshots"] = std::move(snaps);
  json::object refs(sp);
  for (const auto& [name, r] : m.refs) {
    json::object ro({{"type", r.type == RefType::branch ? "branch" : "tag"}, {"snapshot-id", r.snapshot_id}}, sp);
    if (r.max_ref_age_ms) ro["max-ref-age-ms"] = *r.max_ref_age_ms;
    if (r.max_snapshot_age_ms) ro["max-snapshot-age-ms"] = *r.max_snapshot_age_ms;
    if (r.min_snapshots_to_keep) ro["min-snapshots-to-keep"] = *r.min_snapshots_to_keep;
    refs[name] = std::move(ro);
  }
  o["refs"] = std::move(refs);
  json::array slog(sp);
  slog.reserve(m.snapshot_log.size());
  for (const auto& e : m.snapshot_log)
    slog.push_back(json::object({{"snapshot-id", e.snapshot_id}, {"timestamp-ms", e.timestamp_ms}}, sp));
  o["snapshot-log"] = std::move(slog);
  json::array mlog(sp);
  for (const auto& e : m.metadata_log)
    mlog.push_back(json::object({{"metadata-file", e.metadata_file}, {"timestamp-ms", e.timestamp_ms}}, sp));
  o["metadata-log"] = std::move(mlog);
  if (m.next_row_id) o["next-row-id"] = *m.next_row_id;
  return o;
}

}  // namespace floe::iceberg
