#include "dbt/schema_yml_reader.hpp"

#include <boost/json/serialize.hpp>

#include <array>
#include <string_view>

#include "dbt/dbt_diag.hpp"
#include "base/fast_yaml.hpp"
#include "dbt/yaml_support.hpp"
#include "diag/codes.hpp"

namespace floe::dbt {
namespace {

using fastyaml::NodeRef;

// The readers below are templates over the node type, so yaml-cpp's tree and
// the fast parser's tree go through the same code; these adapt the two.
SourceLocation node_location(const std::string& file, const YAML::Node& node) {
  return mark_location(file, node.Mark());
}
SourceLocation node_location(const std::string& file, const NodeRef& node) {
  SourceLocation where;
  where.file = file;
  where.line = node.line() + 1;
  where.column = node.column() + 1;
  return where;
}

// The same without the file: a column keeps only its position (its file is
// its model's or source's: column_location).
template <class Node>
void set_position(DbtColumn& column, const Node& node) {
  const SourceLocation at = node_location(std::string(), node);  // an empty file: nothing allocated
  column.line = at.line;
  column.column = at.column;
}

template <class F>
void each_item(const YAML::Node& node, F&& f) {
  for (const auto& item : node) f(static_cast<const YAML::Node&>(item));
}
template <class F>
void each_item(const NodeRef& node, F&& f) {
  node.each_item(f);
}
template <class F>
void each_pair(const YAML::Node& node, F&& f) {
  for (const auto& kv : node) f(kv.first.Scalar(), static_cast<const YAML::Node&>(kv.second));
}
template <class F>
void each_pair(const NodeRef& node, F&& f) {
  node.each_pair(f);
}

boost::json::value to_json(const YAML::Node& node) { return yaml_to_json(node); }
boost::json::value to_json(const NodeRef& node) { return yaml_to_json(node); }

// The values of `keys` in the map `node`, each the first pair with its key
// (as node[key] gives): one pass over the map instead of one per key. A
// 100k-model project has a million column maps, each asked for seven keys.
// A key the map lacks gives an empty node (null for yaml-cpp), which every
// caller below treats as absent.
template <class Node, std::size_t N>
std::array<Node, N> values_of(const Node& node, const std::array<std::string_view, N>& keys) {
  std::array<Node, N> found{};
  std::array<bool, N> seen{};
  each_pair(node, [&](std::string_view key, const Node& value) {
    for (std::size_t i = 0; i < N; ++i)
      if (!seen[i] && key == keys[i]) {
        found[i] = value;
        seen[i] = true;
        return;
      }
  });
  return found;
}

template <class Node>
void string_list(const Node& node, std::vector<std::string>& out) {
  if (!node) return;
  if (node.IsScalar()) {
    out.push_back(std::string(node.Scalar()));
  } else if (node.IsSequence()) {
    each_item(node, [&](const Node& item) {
      if (item.IsScalar()) out.push_back(std::string(item.Scalar()));
    });
  }
}

template <class Node>
std::string text_of(const Node& node) {
  return node && node.IsScalar() ? std::string(node.Scalar()) : std::string();
}

template <class Node>
std::string test_type(const Node& item) {
  if (item.IsScalar()) return std::string(item.Scalar());
  if (!item.IsMap() || item.size() == 0) return {};
  if (const Node test_name = item["test_name"]; test_name && test_name.IsScalar()) return std::string(test_name.Scalar());
  // `{relationships: {...}}`: the single key names the test. With several keys
  // (a custom `name:` plus the test), the first key that is not a test property.
  std::string found;
  bool done = false;
  each_pair(item, [&](std::string_view key, const Node&) {
    if (done) return;
    if (key != "name" && key != "config" && key != "arguments" && key != "description" && key != "column_name") {
      found = key;
      done = true;
    }
  });
  return found;
}

template <class Node>
void shape_warning(Diagnostics& diags, const std::string& file, const Node& node, const std::string& what) {
  diags.add(dbt_diag(Severity::warning, codes::D004, what + " in " + file + "; the entry is skipped",
                     node_location(file, node), file));
}

// dbt accepts both keys (`tests` is the pre-1.8 spelling); a file may use either.
template <class Node>
void read_tests(const Node& data_tests, const Node& tests, const std::string& column, std::vector<DbtTest>& out) {
  for (const Node* key : {&data_tests, &tests}) {
    const Node& list = *key;
    if (!list || !list.IsSequence()) continue;
    each_item(list, [&](const Node& item) {
      std::string type = test_type(item);
      if (!type.empty()) out.push_back({std::move(type), column});
    });
  }
}

// `meta:` beside `config: meta:`; config wins on a key present in both, as in dbt >= 1.10.
template <class Node>
void read_meta(const Node& node, std::map<std::string, std::string>& meta) {
  if (!node || !node.IsMap()) return;
  each_pair(node, [&](std::string_view key, const Node& value) { meta[std::string(key)] = boost::json::serialize(to_json(value)); });
}

template <class Node>
void read_column(const std::string& file, const Node& node, YmlModelEntry& model, Diagnostics& diags) {
  if (!node.IsMap()) {
    shape_warning(diags, file, node, "a column without a name");
    return;
  }
  const auto [name, description, data_type, tags, config, data_tests, tests] = values_of<Node, 7>(
      node, {"name", "description", "data_type", "tags", "config", "data_tests", "tests"});
  if (!name || !name.IsScalar()) {
    shape_warning(diags, file, node, "a column without a name");
    return;
  }
  DbtColumn column;
  column.name = std::string(name.Scalar());
  set_position(column, name);
  column.description = text_of(description);
  column.data_type = text_of(data_type);
  string_list(tags, column.tags);
  if (config && config.IsMap()) string_list(config["tags"], column.tags);
  normalize_tags(column.tags);
  read_tests(data_tests, tests, column.name, model.tests);
  model.columns.push_back(std::move(column));
}

template <class Node>
void read_model(const std::string& file, const Node& node, SchemaYml& out, Diagnostics& diags) {
  if (!node.IsMap()) {
    shape_warning(diags, file, node, "a models: entry without a name");
    return;
  }
  const auto [name, description, tags, meta, config, data_tests, tests, columns] = values_of<Node, 8>(
      node, {"name", "description", "tags", "meta", "config", "data_tests", "tests", "columns"});
  if (!name || !name.IsScalar()) {
    shape_warning(diags, file, node, "a models: entry without a name");
    return;
  }
  YmlModelEntry model;
  model.name = std::string(name.Scalar());
  model.where = node_location(file, name);
  model.description = text_of(description);
  string_list(tags, model.tags);
  read_meta(meta, model.meta);
  if (config && config.IsMap()) {
    if (const Node materialized = config["materialized"]; materialized && materialized.IsScalar())
      model.materialized = std::string(materialized.Scalar());
    if (const Node enabled = config["enabled"]; enabled && enabled.IsScalar()) {
      const boost::json::value v = to_json(enabled);
      if (v.is_bool()) model.enabled = v.get_bool();
    }
    string_list(config["tags"], model.tags);
    read_meta(config["meta"], model.meta);
  }
  normalize_tags(model.tags);
  read_tests(data_tests, tests, "", model.tests);
  if (columns && columns.IsSequence()) {
    // Reserved whole: a 100k-model project holds ~460k columns, and growing
    // each vector by doubling left a third of their memory unused.
    model.columns.reserve(columns.size());
    each_item(columns, [&](const Node& column) { read_column(file, column, model, diags); });
  } else if (columns && !columns.IsNull()) {
    shape_warning(diags, file, columns, "columns: of model '" + model.name + "' is not a list");
  }
  out.models.push_back(std::move(model));
}

template <class Node>
void read_source(const std::string& file, const Node& node, SchemaYml& out, Diagnostics& diags) {
  const auto [name, tables] = node.IsMap() ? values_of<Node, 2>(node, {"name", "tables"}) : std::array<Node, 2>{};
  if (!name || !name.IsScalar()) {
    shape_warning(diags, file, node, "a sources: entry without a name");
    return;
  }
  const std::string source_name = std::string(name.Scalar());
  if (!tables || !tables.IsSequence()) return;
  each_item(tables, [&](const Node& table) {
    const auto [table_name, columns] =
        table.IsMap() ? values_of<Node, 2>(table, {"name", "columns"}) : std::array<Node, 2>{};
    if (!table_name || !table_name.IsScalar()) {
      shape_warning(diags, file, table, "a table of source '" + source_name + "' without a name");
      return;
    }
    DbtSource source{source_name, std::string(table_name.Scalar()), node_location(file, table_name), {}};
    // The columns a source declares: what a consumer relies on from a producer's port (data contracts).
    if (columns && columns.IsSequence())
      each_item(columns, [&](const Node& c) {
        if (!c.IsMap()) return;
        const auto [column_name, data_type] = values_of<Node, 2>(c, {"name", "data_type"});
        if (!column_name || !column_name.IsScalar()) return;
        DbtColumn column;
        column.name = std::string(column_name.Scalar());
        set_position(column, column_name);
        column.data_type = text_of(data_type);
        source.columns.push_back(std::move(column));
      });
    out.sources.push_back(std::move(source));
  });
}

template <class Node>
void read_root(const std::string& display_path, const Node& root, SchemaYml& out, Diagnostics& diags) {
  if (!root || root.IsNull()) return;  // an empty file is valid (dbt skips it)
  if (!root.IsMap()) {
    shape_warning(diags, display_path, root, "a properties file whose top level is not a mapping");
    return;
  }
  if (const Node models = root["models"]; models && models.IsSequence()) {
    out.models.reserve(out.models.size() + models.size());
    each_item(models, [&](const Node& model) { read_model(display_path, model, out, diags); });
  } else if (models && !models.IsNull()) {
    shape_warning(diags, display_path, models, "models: is not a list");
  }
  if (const Node sources = root["sources"]; sources && sources.IsSequence()) {
    each_item(sources, [&](const Node& source) { read_source(display_path, source, out, diags); });
  } else if (sources && !sources.IsNull()) {
    shape_warning(diags, display_path, sources, "sources: is not a list");
  }
}

}  // namespace

std::string yml_test_type(const YAML::Node& item) { return test_type(item); }

bool read_schema_yml_with_yaml_cpp(const std::string& display_path, const std::string& text, SchemaYml& out,
                                   Diagnostics& diags) {
  YAML::Node root;
  if (!load_yaml(display_path, text, root, diags)) return false;
  read_root(display_path, root, out, diags);
  return true;
}

bool read_schema_yml_from_events(const std::string& display_path, const std::string& text, SchemaYml& out,
                                 Diagnostics& diags) {
  EventTree tree;
  if (!load_event_tree(display_path, text, tree, diags)) return false;
  read_root(display_path, NodeRef(&tree.doc, tree.doc.root), out, diags);
  return true;
}

bool try_read_schema_yml_fast(const std::string& display_path, const std::string& text, SchemaYml& out,
                              Diagnostics& diags) {
  fastyaml::Document doc;
  if (!fastyaml::parse(text, doc)) return false;
  read_root(display_path, NodeRef(&doc, doc.root), out, diags);
  return true;
}

bool read_schema_yml(const std::string& display_path, const std::string& text, SchemaYml& out, Diagnostics& diags) {
  if (try_read_schema_yml_fast(display_path, text, out, diags)) return true;
  return read_schema_yml_from_events(display_path, text, out, diags);
}

}  // namespace floe::dbt
