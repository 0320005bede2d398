// Reads one dbt properties file (models/**/*.yml): the `models:` entries with
// their description, config, meta, tags, columns and data tests, and the
// `sources:` tables. Other top-level keys (seeds, snapshots, macros,
// exposures, ...) are not floe's concern and are skipped.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "dbt/dbt_project.hpp"

namespace floe::dbt {

struct YmlModelEntry {
  std::string name;
  SourceLocation where;  // the entry's `name:` value
  std::string description;
  std::optional<std::string> materialized;
  std::optional<bool> enabled;
  std::vector<std::string> tags;
  std::map<std::string, std::string> meta;  // flat key -> JSON text
  std::vector<DbtColumn> columns;
  std::vector<DbtTest> tests;  // model-level and column-level
};

struct SchemaYml {
  std::vector<YmlModelEntry> models;
  std::vector<DbtSource> sources;
};

// `display_path` is the path diagnostics and locations carry. Returns false
// (with FLOE-D002) on a YAML syntax error; entries of an unexpected shape are
// skipped with a FLOE-D004 warning.
//
// Files inside the plain block-YAML subset dbt properties files use are read
// with a fast hand-written parser (base/fast_yaml.hpp, ~20x yaml-cpp); any other
// file (anchors, tags, syntax errors, ...) goes through yaml-cpp's parser, so its
// results and diagnostics are yaml-cpp's: read from its events into the same
// flat tree (dbt/yaml_event_tree.hpp), never as yaml-cpp's node graph (~49x
// the file). All give identical results.
bool read_schema_yml(const std::string& display_path, const std::string& text, SchemaYml& out, Diagnostics& diags);

// yaml-cpp's events alone: what read_schema_yml falls back to.
bool read_schema_yml_from_events(const std::string& display_path, const std::string& text, SchemaYml& out,
                                 Diagnostics& diags);

// yaml-cpp's loaded node graph: the reference both other paths are tested against.
bool read_schema_yml_with_yaml_cpp(const std::string& display_path, const std::string& text, SchemaYml& out,
                                   Diagnostics& diags);

// The fast path alone: false, with `out` and `diags` untouched, when the file
// is outside the subset.
bool try_read_schema_yml_fast(const std::string& display_path, const std::string& text, SchemaYml& out,
                              Diagnostics& diags);

// The test type of one `tests:`/`data_tests:` item: `not_null`,
// `{relationships: {...}}`, `{dbt_utils.expression_is_true: ...}` or
// `{name: x, test_name: not_null, ...}`; "" when the item has none of these shapes.
std::string yml_test_type(const YAML::Node& item);

}  // namespace floe::dbt
