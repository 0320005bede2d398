#include "tables/table_summary.hpp"

#include <algorithm>
#include <vector>

namespace floe::tables {
namespace {

namespace json = boost::json;

const json::value* member(const json::object& o, std::string_view key) { return o.if_contains(key); }

// A field's type as the spec spells primitives; nested types by their kind.
json::value type_of(const json::value& type) {
  if (type.is_string()) return type;
  if (type.is_object())
    if (const auto* kind = type.as_object().if_contains("type")) return *kind;
  return "unknown";
}

json::array schema_fields(const json::object& metadata) {
  const json::value* schemas = member(metadata, "schemas");
  const json::value* current = member(metadata, "current-schema-id");
  json::array out;
  if (schemas == nullptr || !schemas->is_array()) return out;
  for (const auto& schema : schemas->as_array()) {
    if (!schema.is_object()) continue;
    const json::value* id = schema.as_object().if_contains("schema-id");
    if (current != nullptr && id != nullptr && *id != *current) continue;
    const json::value* fields = schema.as_object().if_contains("fields");
    if (fields == nullptr || !fields->is_array()) continue;
    for (const auto& f : fields->as_array()) {
      if (!f.is_object()) continue;
      const auto& field = f.as_object();
      json::object row;
      for (const char* key : {"id", "name", "required"})
        if (const auto* v = field.if_contains(key)) row[key] = *v;
      if (const auto* t = field.if_contains("type")) row["type"] = type_of(*t);
      out.push_back(std::move(row));
    }
    break;
  }
  return out;
}

json::array newest_snapshots(const json::array& snapshots, std::size_t count) {
  std::vector<const json::object*> sorted;
  for (const auto& s : snapshots)
    if (s.is_object()) sorted.push_back(&s.as_object());
  auto stamp = [](const json::object* s) {
    const json::value* t = s->if_contains("timestamp-ms");
    return t != nullptr && t->is_int64() ? t->as_int64() : 0;
  };
  std::stable_sort(sorted.begin(), sorted.end(), [&](auto* a, auto* b) { return stamp(a) > stamp(b); });
  json::array out;
  for (std::size_t i = 0; i < sorted.size() && i < count; ++i) {
    json::object row{{"snapshot_id", sorted[i]->contains("snapshot-id") ? sorted[i]->at("snapshot-id") : json::value()},
                     {"timestamp_ms", stamp(sorted[i])}};
    if (const auto* summary = sorted[i]->if_contains("summary"); summary != nullptr && summary->is_object())
      if (const auto* op = summary->as_object().if_contains("operation")) row["operation"] = *op;
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace

json::object table_summary(const json::object& answer) {
  json::object out;
  if (const auto* id = answer.if_contains("identifier")) out["identifier"] = *id;
  if (const auto* location = answer.if_contains("metadata_location")) out["metadata_location"] = *location;
  const json::value* m = answer.if_contains("metadata");
  if (m == nullptr || !m->is_object()) return out;
  const json::object& metadata = m->as_object();
  for (auto [from, to] : {std::pair{"format-version", "format_version"}, std::pair{"table-uuid", "table_uuid"},
                          std::pair{"location", "location"}, std::pair{"current-snapshot-id", "current_snapshot_id"},
                          std::pair{"properties", "properties"}})
    if (const auto* v = metadata.if_contains(from)) out[to] = *v;
  out["schema"] = schema_fields(metadata);
  json::array snapshots;
  if (const auto* s = metadata.if_contains("snapshots"); s != nullptr && s->is_array()) snapshots = s->as_array();
  out["snapshot_count"] = snapshots.size();
  out["snapshots"] = newest_snapshots(snapshots, 10);
  json::object refs;
  if (const auto* r = metadata.if_contains("refs"); r != nullptr && r->is_object())
    for (const auto& [name, ref] : r->as_object()) {
      if (!ref.is_object()) continue;
      json::object row;
      for (const char* key : {"type", "snapshot-id", "max-ref-age-ms", "min-snapshots-to-keep", "max-snapshot-age-ms"})
        if (const auto* v = ref.as_object().if_contains(key)) row[key] = *v;
      refs[name] = std::move(row);
    }
  out["refs"] = std::move(refs);
  return out;
}

}  // namespace floe::tables
