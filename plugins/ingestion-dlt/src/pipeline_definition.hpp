// A pipeline as create_pipeline describes it: one source (files of one
// format), one destination table, a write mode, and the product's contract.
#ifndef FLOE_INGESTION_DLT_PIPELINE_DEFINITION_HPP
#define FLOE_INGESTION_DLT_PIPELINE_DEFINITION_HPP

#include <boost/json.hpp>

#include <string>
#include <vector>

#include "column_types.hpp"

namespace floe::ingestion_dlt {

struct contract_column {
  std::string name;
  std::string floe_type;
  dlt_column_type dlt;
  bool nullable = true;
};

struct pipeline_definition {
  std::string name;
  std::string format;  // csv, jsonl, parquet
  std::string path;    // absolute path or glob(3) pattern
  std::vector<contract_column> columns;  // empty: no contract on the rows
  std::string on_violation;              // fail, quarantine, warn; empty without columns
  std::string destination_table;
  std::string write_mode;  // append, replace, merge
  std::vector<std::string> merge_keys;
  std::string schema_contract;  // evolve, freeze, discard_value, discard_row (resolved)
};

// Reads and checks a create_pipeline request. Throws floe::sdk::error
// (FLOE_ERR_INVALID_ARGUMENT) naming the offending key.
pipeline_definition parse_pipeline_request(const boost::json::value& request);

// The schema_contract that on_violation stands for (dlt_mapping.md in the
// plugin README): fail -> freeze, quarantine -> discard_row, warn -> evolve.
std::string_view schema_contract_of(std::string_view on_violation);

// "<name>-<8 hex digits of the definition>": the same definition always
// gets the same id.
std::string pipeline_id_of(const pipeline_definition& definition);

}  // namespace floe::ingestion_dlt

#endif  // FLOE_INGESTION_DLT_PIPELINE_DEFINITION_HPP
