#include "semantic_models.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "base/input_file.hpp"
#include "floe/plugin.hpp"

namespace floe::semantic_layers {
namespace json = boost::json;
namespace fs = std::filesystem;
using floe::sdk::error;

namespace {

constexpr std::uintmax_t kMaxManifestBytes = 512u << 20;

json::object read_json(const std::string& path, bool required) {
  auto text = read_input_file(path, InputRules{kMaxManifestBytes});
  if (!text) {
    if (!required && input_problem(text.error()) == "missing") return {};
    throw error(text.error().code, "cannot read " + path + ": " + text.error().message);
  }
  boost::system::error_code jec;
  json::value v = json::parse(*text, jec);
  if (jec || !v.is_object()) {
    if (!required) return {};
    throw error(FLOE_ERR_INVALID_ARGUMENT, path + " is not JSON: " + jec.message());
  }
  return std::move(v.as_object());
}

std::string str(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

ColumnKind kind_of(const std::string& type) {
  std::string t = lower(type);
  auto has = [&](const char* w) { return t.find(w) != std::string::npos; };
  if (has("timestamp") || has("date") || t == "time") return ColumnKind::time;
  if (t.rfind("bool", 0) == 0) return ColumnKind::boolean;
  if (has("int") || has("decimal") || has("numeric") || has("double") || has("float") || has("real") ||
      t.rfind("number", 0) == 0 || has("hugeint"))
    return ColumnKind::number;
  return ColumnKind::category;
}

bool semantic_by_meta(const json::object& node) {
  for (const char* where : {"meta", "config"}) {
    const json::value* v = node.if_contains(where);
    if (v == nullptr || !v->is_object()) continue;
    const json::object* meta = std::string(where) == "config" && v->as_object().contains("meta")
                                   ? v->as_object().at("meta").if_object()
                                   : &v->as_object();
    if (meta == nullptr) continue;
    if (const json::value* f = meta->if_contains("floe"); f && f->is_object())
      if (const json::value* s = f->as_object().if_contains("semantic"); s && s->is_bool() && s->get_bool()) return true;
  }
  return false;
}

// "ref('gold_orders')" / "ref(\"gold_orders\")" -> gold_orders
std::string ref_target(const std::string& to) {
  auto open = to.find_first_of("'\"");
  if (to.rfind("ref(", 0) != 0 || open == std::string::npos) return {};
  auto close = to.find(to[open], open + 1);
  return close == std::string::npos ? std::string() : to.substr(open + 1, close - open - 1);
}

}  // namespace

const SemanticColumn* SemanticModel::primary_key() const {
  auto it = std::find_if(columns.begin(), columns.end(), [](const auto& c) { return c.primary_key; });
  return it == columns.end() ? nullptr : &*it;
}

bool SemanticModel::is_key(const SemanticColumn& c) const {
  return c.primary_key || std::any_of(joins.begin(), joins.end(), [&](const auto& j) { return j.column == c.name; });
}

const SemanticColumn* SemanticModel::first_time_column() const {
  auto it = std::find_if(columns.begin(), columns.end(), [](const auto& c) { return c.kind == ColumnKind::time; });
  return it == columns.end() ? nullptr : &*it;
}

std::vector<SemanticModel> read_semantic_models(const std::string& manifest_path, const std::string& prefix) {
  json::object manifest = read_json(manifest_path, true);
  const json::value* nodes = manifest.if_contains("nodes");
  if (nodes == nullptr || !nodes->is_object())
    throw error(FLOE_ERR_INVALID_ARGUMENT, manifest_path + " is not a dbt manifest (no nodes)");
  json::object catalog = read_json((fs::path(manifest_path).parent_path() / "catalog.json").string(), false);
  const json::object* catalog_nodes =
      catalog.contains("nodes") && catalog.at("nodes").is_object() ? &catalog.at("nodes").as_object() : nullptr;

  // Tests by the model they test: unique / not_null / relationships per column.
  std::map<std::string, std::map<std::string, std::set<std::string>>> tests;  // model id -> column -> test names
  std::map<std::string, std::vector<std::pair<std::string, json::object>>> relationships;  // model id -> (column, kwargs)
  for (const auto& [id, node] : nodes->as_object()) {
    if (!node.is_object() || str(node.as_object(), "resource_type") != "test") continue;
    const json::object& t = node.as_object();
    std::string attached = str(t, "attached_node"), column = str(t, "column_name");
    const json::value* meta = t.if_contains("test_metadata");
    if (attached.empty() || meta == nullptr || !meta->is_object()) continue;
    std::string name = str(meta->as_object(), "name");
    tests[attached][column].insert(name);
    if (name == "relationships")
      if (const json::value* kw = meta->as_object().if_contains("kwargs"); kw && kw->is_object())
        relationships[attached].emplace_back(column, kw->as_object());
  }

  std::vector<SemanticModel> out;
  std::map<std::string, std::string> name_of_id;
  for (const auto& [id, node] : nodes->as_object()) {
    if (!node.is_object() || str(node.as_object(), "resource_type") != "model") continue;
    const json::object& m = node.as_object();
    std::string name = str(m, "name");
    if (!(name.rfind(prefix, 0) == 0 && !prefix.empty()) && !semantic_by_meta(m)) continue;
    SemanticModel model;
    model.name = name;
    std::string alias = str(m, "alias");
    model.relation = str(m, "schema") + "." + (alias.empty() ? name : alias);
    model.description = str(m, "description");
    const json::object* catalog_columns = nullptr;
    if (catalog_nodes != nullptr)
      if (const json::value* c = catalog_nodes->if_contains(std::string(id)); c && c->is_object())
        if (const json::value* cols = c->as_object().if_contains("columns"); cols && cols->is_object())
          catalog_columns = &cols->as_object();
    if (const json::value* cols = m.if_contains("columns"); cols && cols->is_object()) {
      for (const auto& [cname, col] : cols->as_object()) {
        if (!col.is_object()) continue;
        SemanticColumn c;
        c.name = std::string(cname);
        c.data_type = lower(str(col.as_object(), "data_type"));
        if (c.data_type.empty() && catalog_columns != nullptr)
          for (const auto& [k, v] : *catalog_columns)
            if (lower(std::string(k)) == lower(c.name) && v.is_object()) c.data_type = lower(str(v.as_object(), "type"));
        c.description = str(col.as_object(), "description");
        c.kind = kind_of(c.data_type);
        const auto& column_tests = tests[std::string(id)][c.name];
        c.primary_key = column_tests.count("unique") && column_tests.count("not_null");
        if (const json::value* cons = col.as_object().if_contains("constraints"); cons && cons->is_array())
          for (const auto& k : cons->as_array())
            if (k.is_object() && str(k.as_object(), "type") == "primary_key") c.primary_key = true;
        model.columns.push_back(std::move(c));
      }
    }
    // One primary key: the first (a table with several unique columns keys on its first).
    bool keyed = false;
    for (auto& c : model.columns) {
      if (c.primary_key && keyed) c.primary_key = false;
      keyed = keyed || c.primary_key;
    }
    for (const auto& [column, kwargs] : relationships[std::string(id)]) {
      std::string to = ref_target(kwargs.contains("to") && kwargs.at("to").is_string()
                                      ? std::string(kwargs.at("to").as_string())
                                      : std::string());
      std::string field = kwargs.contains("field") && kwargs.at("field").is_string()
                              ? std::string(kwargs.at("field").as_string())
                              : std::string();
      if (!to.empty() && !field.empty()) model.joins.push_back({column, to, field});
    }
    out.push_back(std::move(model));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  // Joins only to models the layer describes.
  std::set<std::string> described;
  for (const auto& m : out) described.insert(m.name);
  for (auto& m : out)
    m.joins.erase(std::remove_if(m.joins.begin(), m.joins.end(), [&](const auto& j) { return !described.count(j.to_model); }),
                  m.joins.end());
  return out;
}

std::string yaml_string(const std::string& text) { return json::serialize(json::value(text)); }

void write_file_atomically(const std::string& dir, const std::string& name, const std::string& content) {
  fs::create_directories(dir);
  fs::path target = fs::path(dir) / name;
  fs::path temporary = fs::path(dir) / ("." + name + ".tmp");
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << content;
    if (!out) throw error(FLOE_ERR_IO, "cannot write " + temporary.string());
  }
  std::error_code ec;
  fs::rename(temporary, target, ec);
  if (ec) throw error(FLOE_ERR_IO, "cannot write " + target.string() + ": " + ec.message());
}

}  // namespace floe::semantic_layers
