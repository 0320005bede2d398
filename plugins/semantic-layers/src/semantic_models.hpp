// The models a semantic layer describes, read from a dbt project's
// manifest.json (and catalog.json beside it, for column types the YAML does
// not declare): the product's gold models (name prefix, default "gold_"), or
// any model whose meta says `floe: {semantic: true}`. For each: its columns
// sorted into time, number, boolean and category; its primary key (a column
// with unique and not_null tests, or a contract primary_key constraint); its
// joins (relationships tests to another described model).
#pragma once

#include <string>
#include <vector>

namespace floe::semantic_layers {

enum class ColumnKind { time, number, boolean, category };

struct SemanticColumn {
  std::string name;
  std::string data_type;  // as declared or catalogued, lower-case; "" = unknown
  std::string description;
  ColumnKind kind = ColumnKind::category;
  bool primary_key = false;
};

struct SemanticJoin {
  std::string column;     // in this model
  std::string to_model;   // another described model
  std::string to_column;
};

struct SemanticModel {
  std::string name;         // the dbt model
  std::string relation;     // schema.alias as built ("main.gold_customer_360")
  std::string description;
  std::vector<SemanticColumn> columns;
  std::vector<SemanticJoin> joins;

  const SemanticColumn* primary_key() const;
  // The primary key, or a column that joins another model: never a measure.
  bool is_key(const SemanticColumn& c) const;
  const SemanticColumn* first_time_column() const;
};

// Throws floe::sdk::error (INVALID_ARGUMENT naming the file) when the
// manifest cannot be read or is not dbt's.
std::vector<SemanticModel> read_semantic_models(const std::string& manifest_path, const std::string& prefix);

// Scalars for the YAML files: a JSON string is a valid YAML double-quoted
// scalar, so every name and text is written that way (no YAML injection).
std::string yaml_string(const std::string& text);

// Writes `content` to `dir`/`name` through a temporary file and rename.
void write_file_atomically(const std::string& dir, const std::string& name, const std::string& content);

}  // namespace floe::semantic_layers
