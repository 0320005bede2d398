#include "pipeline_definition.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <set>

#include "floe/plugin.hpp"
#include "request_checks.hpp"

namespace floe::ingestion_dlt {
namespace {

// Columns dlt adds to every table (_dlt_id, _dlt_load_id, ...).
bool is_reserved(std::string_view name) { return name.starts_with("_dlt"); }

contract_column parse_column(const boost::json::value& value, const std::string& where) {
  const auto& object = object_at(value, where);
  refuse_unknown_keys(object, where + ".", {"name", "type", "nullable"});
  contract_column column;
  column.name = required_text(object, where + ".", "name");
  if (!is_plain_name(column.name))
    invalid(where + ".", "name",
            "'" + column.name + "' is not a plain column name ([a-z_][a-z0-9_]*, at most 63 characters): dlt "
            "would rename it, and the contract would then check another name than the table has");
  if (is_reserved(column.name)) invalid(where + ".", "name", "'" + column.name + "': names starting _dlt are dlt's own");
  column.floe_type = required_text(object, where + ".", "type");
  auto type = dlt_type_of(column.floe_type);
  if (!type) invalid(where + ".", "type", "unknown type '" + column.floe_type + "'; known types: " + floe_type_names());
  column.dlt = *type;
  if (const auto* nullable = object.if_contains("nullable")) {
    if (!nullable->is_bool()) invalid(where + ".", "nullable", "expected true or false");
    column.nullable = nullable->get_bool();
  }
  return column;
}

std::vector<contract_column> parse_columns(const boost::json::value& value) {
  if (!value.is_array()) invalid("source_config.", "columns", "expected an array of columns");
  const auto& array = value.get_array();
  if (array.empty()) invalid("source_config.", "columns", "must not be empty (leave it out for no contract)");
  std::vector<contract_column> columns;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < array.size(); ++i) {
    columns.push_back(parse_column(array[i], fmt::format("source_config.columns[{}]", i)));
    if (!seen.insert(columns.back().name).second)
      invalid(fmt::format("source_config.columns[{}].", i), "name", "column '" + columns.back().name + "' is declared twice");
  }
  return columns;
}

std::vector<std::string> parse_merge_keys(const boost::json::value& value) {
  if (!value.is_array() || value.get_array().empty()) invalid("", "merge_keys", "expected a non-empty array of column names");
  std::vector<std::string> keys;
  for (const auto& item : value.get_array()) {
    if (!item.is_string() || item.get_string().empty()) invalid("", "merge_keys", "every key must be a non-empty string");
    std::string key(item.get_string());
    if (std::find(keys.begin(), keys.end(), key) != keys.end()) invalid("", "merge_keys", "'" + key + "' is named twice");
    keys.push_back(key);
  }
  return keys;
}

void check_merge_keys(const pipeline_definition& definition) {
  if (definition.write_mode != "merge") {
    if (!definition.merge_keys.empty())
      invalid("", "merge_keys", "only write_mode merge uses keys, and write_mode is " + definition.write_mode);
    return;
  }
  if (definition.merge_keys.empty()) invalid("", "merge_keys", "write_mode merge needs merge_keys: the columns that identify a row");
  if (definition.columns.empty()) return;
  for (const auto& key : definition.merge_keys) {
    auto column = std::find_if(definition.columns.begin(), definition.columns.end(),
                               [&](const contract_column& c) { return c.name == key; });
    if (column == definition.columns.end())
      invalid("", "merge_keys", "'" + key + "' is not a column of source_config.columns");
    if (column->nullable)
      invalid("", "merge_keys", "'" + key + "' is declared nullable, but a row without its key cannot be merged; declare it \"nullable\": false");
  }
}

void resolve_contract(pipeline_definition& definition, const boost::json::object& source, const boost::json::object& request) {
  auto on_violation = optional_text(source, "source_config.", "on_violation");
  auto schema_contract = optional_text(request, "", "schema_contract");
  if (schema_contract)
    choice(*schema_contract, "", "schema_contract", {"evolve", "freeze", "discard_value", "discard_row"});
  if (definition.columns.empty()) {
    if (on_violation)
      invalid("source_config.", "on_violation", "needs source_config.columns: the contract whose violations it handles");
    definition.schema_contract = schema_contract.value_or("evolve");
    return;
  }
  definition.on_violation =
      choice(on_violation.value_or("fail"), "source_config.", "on_violation", {"fail", "quarantine", "warn"});
  std::string implied(schema_contract_of(definition.on_violation));
  if (schema_contract && *schema_contract != implied)
    invalid("", "schema_contract",
            "'" + *schema_contract + "' contradicts on_violation '" + definition.on_violation + "', which means '" +
                implied + "' (fail = freeze, quarantine = discard_row, warn = evolve); leave schema_contract out");
  definition.schema_contract = implied;
}

}  // namespace

std::string_view schema_contract_of(std::string_view on_violation) {
  if (on_violation == "quarantine") return "discard_row";
  if (on_violation == "warn") return "evolve";
  return "freeze";
}

pipeline_definition parse_pipeline_request(const boost::json::value& value) {
  const auto& request = object_at(value, "create_pipeline request");
  refuse_unknown_keys(request, "", {"name", "source_type", "source_config", "destination_table", "write_mode",
                                    "merge_keys", "schema_contract"});
  pipeline_definition definition;
  definition.name = required_text(request, "", "name");
  if (!is_plain_name(definition.name) || definition.name.front() == '_')
    invalid("", "name", "'" + definition.name + "' is not a source name ([a-z][a-z0-9_]*, as in floe.yaml)");
  choice(required_text(request, "", "source_type"), "", "source_type", {"filesystem"});

  const boost::json::value* source_value = request.if_contains("source_config");
  if (source_value == nullptr) throw floe::sdk::error(FLOE_ERR_INVALID_ARGUMENT, "missing required key 'source_config'");
  const auto& source = object_at(*source_value, "key 'source_config'");
  refuse_unknown_keys(source, "source_config.", {"format", "path", "columns", "on_violation"});
  definition.format = choice(required_text(source, "source_config.", "format"), "source_config.", "format",
                             {"csv", "jsonl", "parquet"});
  definition.path = absolute_path(source, "source_config.", "path", true);
  if (const auto* columns = source.if_contains("columns")) definition.columns = parse_columns(*columns);

  definition.destination_table = required_text(request, "", "destination_table");
  if (!is_plain_name(definition.destination_table) || is_reserved(definition.destination_table))
    invalid("", "destination_table",
            "'" + definition.destination_table + "' is not a plain table name ([a-z_][a-z0-9_]*, at most 63 characters, not _dlt...)");
  definition.write_mode = choice(required_text(request, "", "write_mode"), "", "write_mode", {"append", "replace", "merge"});
  if (const auto* keys = request.if_contains("merge_keys")) definition.merge_keys = parse_merge_keys(*keys);
  check_merge_keys(definition);
  resolve_contract(definition, source, request);
  return definition;
}

std::string pipeline_id_of(const pipeline_definition& d) {
  // FNV-1a over every field, separated so that fields cannot run together.
  std::uint32_t hash = 2166136261u;
  auto mix = [&](std::string_view text) {
    for (unsigned char c : text) hash = (hash ^ c) * 16777619u;
    hash = (hash ^ 0xffu) * 16777619u;
  };
  for (auto field : {d.name, d.format, d.path, d.on_violation, d.destination_table, d.write_mode, d.schema_contract})
    mix(field);
  for (const auto& c : d.columns) {
    mix(c.name);
    mix(c.floe_type);
    mix(c.nullable ? "1" : "0");
  }
  for (const auto& key : d.merge_keys) mix(key);
  return fmt::format("{}-{:08x}", d.name, hash);
}

}  // namespace floe::ingestion_dlt
