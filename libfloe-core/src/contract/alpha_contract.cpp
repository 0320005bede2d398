#include "contract/alpha_contract.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <string>
#include <vector>

#include "config/format_translation.hpp"

namespace floe {
namespace {

namespace json = boost::json;

json::array* array_member(json::object& o, const char* key) {
  json::value* v = o.if_contains(key);
  return v != nullptr && v->is_array() ? &v->get_array() : nullptr;
}

// enum: [a, b] -> ODCS 3.2's [{value: a}, {value: b}]; before 3.2 ODCS has no
// enum on properties, so the values become a text quality rule.
void translate_enum(LocatedDocument& doc, Diagnostics& diags, json::object& property, const std::string& at, bool v32) {
  json::array& values = property.at("enum").get_array();
  std::string path = join_path(at, "enum");
  if (v32) {
    for (auto& v : values) v = json::object{{"value", v}};
    for (std::size_t k = 0; k < values.size(); ++k) relocate(doc, index_path(path, k), join_path(index_path(path, k), "value"));
    translation_note(doc, diags, path, fmt::format("alpha contract: the values of '{}' were read as [{{value: ...}}]", path),
                     "write enum: [{value: a}, {value: b}] (ODCS v3.2, RFC 0033)");
    return;
  }
  std::vector<std::string> shown;
  for (const auto& v : values) shown.push_back(v.is_string() ? std::string(v.get_string()) : json::serialize(v));
  json::value& quality = property["quality"];
  if (!quality.is_array()) quality = json::array{};
  std::string to = index_path(join_path(at, "quality"), quality.get_array().size());
  quality.get_array().push_back(json::object{{"name", "accepted_values"}, {"type", "text"},
                                             {"description", fmt::format("accepted values: {}", fmt::join(shown, ", "))}});
  relocate(doc, path, to);
  property.erase("enum");
  translation_note(doc, diags, to, fmt::format("alpha contract: '{}' was read as the text rule '{}' (ODCS before v3.2 has no enum)", path, to),
                   "use apiVersion v3.2.0 and enum: [{value: ...}], or describe the values in a quality rule");
}

// schema[i].columns -> properties; a column's `format` -> logicalTypeOptions.format
// (what ODCS calls it for strings); `default` has no ODCS equivalent.
void translate_columns(LocatedDocument& doc, Diagnostics& diags, json::object& root) {
  bool v32 = root.contains("apiVersion") && root.at("apiVersion") == "v3.2.0";
  json::array* objects = array_member(root, "schema");
  if (objects == nullptr) return;
  for (std::size_t i = 0; i < objects->size(); ++i) {
    if (!(*objects)[i].is_object()) continue;
    json::object& object = (*objects)[i].get_object();
    std::string base = index_path("schema", i);
    if (object.contains("columns") && !object.contains("properties")) {
      rename_key(doc, object, base, "columns", "properties");
      translation_note(doc, diags, join_path(base, "properties"),
                     fmt::format("alpha contract: '{}.columns' was read as '{}.properties'", base, base),
                     "rename 'columns' to 'properties' (ODCS v3)");
    }
    json::array* properties = array_member(object, "properties");
    if (properties == nullptr) continue;
    for (std::size_t j = 0; j < properties->size(); ++j) {
      if (!(*properties)[j].is_object()) continue;
      json::object& property = (*properties)[j].get_object();
      std::string at = index_path(join_path(base, "properties"), j);
      if (json::value* format = property.if_contains("format")) {
        json::object options;
        options["format"] = *format;
        std::string moved = join_path(at, "logicalTypeOptions");
        relocate(doc, join_path(at, "format"), join_path(moved, "format"));
        property.erase("format");
        property["logicalTypeOptions"] = std::move(options);
        translation_note(doc, diags, join_path(moved, "format"),
                         fmt::format("alpha contract: '{}.format' was read as '{}.format'", at, moved),
                         "write the format under logicalTypeOptions");
      }
      if (json::array* values = array_member(property, "enum");
          values != nullptr && std::none_of(values->begin(), values->end(), [](const json::value& v) { return v.is_object(); }))
        translate_enum(doc, diags, property, at, v32);
      if (json::value* type = property.if_contains("logicalType"); type != nullptr && *type == "decimal") {
        *type = "number";
        translation_note(doc, diags, join_path(at, "logicalType"),
                         fmt::format("alpha contract: '{}.logicalType: decimal' was read as 'number'", at),
                         "write logicalType: number (and the precision in physicalType, e.g. DECIMAL(12,2))");
      }
      if (property.contains("default")) {
        translation_note(doc, diags, join_path(at, "default"),
                         fmt::format("alpha contract: '{}.default' has no ODCS equivalent and was ignored", at),
                         "remove it, or describe the default in the property's description");
        drop_key(doc, property, at, "default");
      }
    }
  }
}

// slaProperties: {freshness: {value, element, description}} -> [{property: freshness, ...}].
void translate_slas(LocatedDocument& doc, Diagnostics& diags, json::object& root) {
  json::value* slas = root.if_contains("slaProperties");
  if (slas == nullptr || !slas->is_object()) return;
  json::array list;
  std::size_t index = 0;
  for (auto& [name, body] : slas->get_object()) {
    json::object item;
    item["property"] = json::string(name);
    std::string from = join_path("slaProperties", std::string(name));
    std::string to = index_path("slaProperties", index);
    if (body.is_object())
      for (auto& [k, v] : body.get_object()) item[k] = v;
    else
      item["value"] = body;
    relocate(doc, from, to);
    if (!body.is_object()) relocate(doc, to, join_path(to, "value"));
    list.push_back(std::move(item));
    ++index;
  }
  *slas = std::move(list);
  translation_note(doc, diags, "slaProperties",
                   "alpha contract: the 'slaProperties' mapping was read as a list of {property, value, ...}",
                   "write slaProperties as a list: - {property: freshness, value: PT6H, element: updated_at}");
}

// description: "text" -> {purpose: "text"}; terms.usage / terms.limitations ->
// description.usage / .limitations; terms.retention -> an SLA property.
void translate_description(LocatedDocument& doc, Diagnostics& diags, json::object& root) {
  if (json::value* d = root.if_contains("description"); d != nullptr && d->is_string()) {
    json::object described;
    described["purpose"] = *d;
    *d = std::move(described);
    relocate(doc, "description", "description.purpose");
    translation_note(doc, diags, "description.purpose",
                     "alpha contract: the string 'description' was read as 'description.purpose'",
                     "write description: {purpose: ..., usage: ..., limitations: ...}");
  }
  if (const json::value* t = root.if_contains("terms"); t == nullptr || !t->is_object()) return;
  if (json::value& d = root["description"]; !d.is_object()) d = json::object{};
  // Adding a key to root may move its members (a rehash): look them up after.
  json::object& terms = root.at("terms").get_object();
  json::value& description = root.at("description");
  for (const char* key : {"usage", "limitations"}) {
    json::value* v = terms.if_contains(key);
    if (v == nullptr || description.get_object().contains(key)) continue;
    description.get_object()[key] = *v;
    std::string to = join_path("description", key);
    relocate(doc, join_path("terms", key), to);
    translation_note(doc, diags, to, fmt::format("alpha contract: 'terms.{}' was read as '{}'", key, to),
                     fmt::format("move it under description.{}", key));
  }
  if (const json::value* found = terms.if_contains("retention")) {
    const json::value retention = *found;  // root["slaProperties"] below may move terms
    json::value& slas = root["slaProperties"];
    if (!slas.is_array()) slas = json::array{};
    std::string to = index_path("slaProperties", slas.get_array().size());
    slas.get_array().push_back(json::object{{"property", "retention"}, {"value", retention}});
    relocate(doc, "terms.retention", join_path(to, "value"));
    translation_note(doc, diags, join_path(to, "value"),
                     fmt::format("alpha contract: 'terms.retention' was read as '{}' (property retention)", to),
                     "write it as an slaProperties item with property: retention");
  }
  drop_key(doc, root, "", "terms");
}

// owner + contacts -> team {name, members}; links -> authoritativeDefinitions.
void translate_people_and_links(LocatedDocument& doc, Diagnostics& diags, json::object& root) {
  if (!root.contains("team") && (root.contains("owner") || root.contains("contacts"))) {
    json::object team;
    if (json::value* owner = root.if_contains("owner"); owner != nullptr && owner->is_string()) {
      team["name"] = *owner;
      relocate(doc, "owner", "team.name");
      root.erase("owner");
    }
    if (json::array* contacts = array_member(root, "contacts")) {
      json::array members;
      for (std::size_t i = 0; i < contacts->size(); ++i) {
        if (!(*contacts)[i].is_object()) continue;
        const json::object& c = (*contacts)[i].get_object();
        json::object member;
        const json::value* who = c.if_contains("email") ? c.if_contains("email") : c.if_contains("name");
        if (who != nullptr) member["username"] = *who;
        if (const json::value* name = c.if_contains("name")) member["name"] = *name;
        if (const json::value* role = c.if_contains("role")) member["role"] = *role;
        relocate(doc, index_path("contacts", i), index_path("team.members", members.size()));
        members.push_back(std::move(member));
      }
      team["members"] = std::move(members);
      root.erase("contacts");
    }
    root["team"] = std::move(team);
    translation_note(doc, diags, doc.locations.contains("team.name") ? "team.name" : "team.members[0]", "alpha contract: 'owner' and 'contacts' were read as 'team' {name, members}",
                     "write team: {name: ..., members: [{username: ..., role: ...}]}");
  }
  if (json::array* links = array_member(root, "links"); links != nullptr && !root.contains("authoritativeDefinitions")) {
    json::array definitions;
    for (std::size_t i = 0; i < links->size(); ++i) {
      if (!(*links)[i].is_object()) continue;
      const json::object& l = (*links)[i].get_object();
      json::object d;
      for (const char* key : {"url", "type"})
        if (const json::value* v = l.if_contains(key)) d[key] = *v;
      if (const json::value* name = l.if_contains("name")) d["description"] = *name;
      relocate(doc, index_path("links", i), index_path("authoritativeDefinitions", definitions.size()));
      definitions.push_back(std::move(d));
    }
    root.erase("links");
    root["authoritativeDefinitions"] = std::move(definitions);
    translation_note(doc, diags, "authoritativeDefinitions[0]",
                     "alpha contract: 'links' were read as 'authoritativeDefinitions' {url, type, description}",
                     "rename 'links' to 'authoritativeDefinitions' and 'name' to 'description'");
  }
}

// Top-level quality rules naming an `element` -> that property's quality list,
// as human-readable rules (type text): the alpha's rule kinds (format,
// constraint, null_check) have no ODCS library equivalent.
void translate_quality(LocatedDocument& doc, Diagnostics& diags, json::object& root) {
  json::array* rules = array_member(root, "quality");
  json::array* objects = array_member(root, "schema");
  if (rules == nullptr) return;
  for (std::size_t r = 0; r < rules->size(); ++r) {
    if (!(*rules)[r].is_object()) continue;
    const json::object& rule = (*rules)[r].get_object();
    const json::value* element = rule.if_contains("element");
    std::string from = index_path("quality", r);
    bool placed = false;
    for (std::size_t i = 0; objects != nullptr && element != nullptr && i < objects->size() && !placed; ++i) {
      json::array* properties = (*objects)[i].is_object() ? array_member((*objects)[i].get_object(), "properties") : nullptr;
      for (std::size_t j = 0; properties != nullptr && j < properties->size() && !placed; ++j) {
        if (!(*properties)[j].is_object() || (*properties)[j].get_object().if_contains("name") == nullptr ||
            (*properties)[j].get_object().at("name") != *element)
          continue;
        json::object text;
        if (const json::value* name = rule.if_contains("name")) text["name"] = *name;
        text["type"] = "text";
        std::string kind = rule.contains("type") && rule.at("type").is_string() ? std::string(rule.at("type").get_string()) : "rule";
        std::string body = rule.contains("rule") ? json::serialize(rule.at("rule")) : "";
        text["description"] = fmt::format("{}: {}", kind, body);
        if (const json::value* severity = rule.if_contains("severity")) text["severity"] = *severity;
        json::value& quality = (*properties)[j].get_object()["quality"];
        if (!quality.is_array()) quality = json::array{};
        std::string to = index_path(join_path(index_path(join_path(index_path("schema", i), "properties"), j), "quality"),
                                    quality.get_array().size());
        quality.get_array().push_back(std::move(text));
        relocate(doc, from, to);
        translation_note(doc, diags, to, fmt::format("alpha contract: '{}' was read as the text rule '{}'", from, to),
                         "write quality rules under the property they check");
        placed = true;
      }
    }
    if (!placed)
      translation_note(doc, diags, from,
                       fmt::format("alpha contract: '{}' names no property of the contract and was ignored", from),
                       "give the rule an element naming a property, under that property's quality");
  }
  root.erase("quality");
}

// customProperties: {k: v} -> [{property: k, value: v}].
void translate_custom_properties(LocatedDocument& doc, Diagnostics& diags, json::object& root) {
  json::value* custom = root.if_contains("customProperties");
  if (custom == nullptr || !custom->is_object()) return;
  json::array list;
  for (auto& [k, v] : custom->get_object()) list.push_back(json::object{{"property", json::string(k)}, {"value", v}});
  *custom = std::move(list);
  translation_note(doc, diags, "customProperties",
                   "alpha contract: the 'customProperties' mapping was read as a list of {property, value}",
                   "write customProperties as a list: - {property: floe.data_product, value: customer-360}");
}

}  // namespace

void translate_alpha_contract(LocatedDocument& doc, Diagnostics& diags) {
  if (!doc.root.is_object()) return;
  json::object& root = doc.root.get_object();
  translate_columns(doc, diags, root);
  translate_slas(doc, diags, root);
  translate_description(doc, diags, root);
  translate_people_and_links(doc, diags, root);
  translate_quality(doc, diags, root);
  translate_custom_properties(doc, diags, root);
}

}  // namespace floe
