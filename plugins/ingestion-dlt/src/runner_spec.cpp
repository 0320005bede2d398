#include "runner_spec.hpp"

namespace floe::ingestion_dlt {

boost::json::object dlt_schema_contract(const pipeline_definition& definition) {
  std::string mode = definition.on_violation == "quarantine" ? "freeze" : definition.schema_contract;
  return {{"tables", "evolve"}, {"columns", mode}, {"data_type", mode}};
}

boost::json::object dlt_column_hints(const pipeline_definition& definition) {
  boost::json::object hints;
  for (const auto& column : definition.columns) {
    boost::json::object hint{{"data_type", column.dlt.data_type},
                             {"nullable", definition.on_violation == "warn" || column.nullable}};
    if (column.dlt.data_type == "timestamp") hint["timezone"] = column.dlt.timezone;
    hints[column.name] = std::move(hint);
  }
  return hints;
}

boost::json::object runner_spec(const pipeline_definition& definition, const run_request& request,
                                const std::vector<std::string>& files, const std::string& scratch_dir) {
  boost::json::array contract_columns;
  for (const auto& column : definition.columns) {
    boost::json::object item{{"name", column.name},
                             {"floe_type", column.floe_type},
                             {"data_type", column.dlt.data_type},
                             {"nullable", column.nullable}};
    if (column.dlt.timezone) item["timezone"] = true;
    contract_columns.push_back(std::move(item));
  }
  boost::json::object spec{
      // dlt keeps a pipeline's state in the dataset under this name.
      {"pipeline_name", "floe_" + definition.name},
      {"format", definition.format},
      {"files", boost::json::array(files.begin(), files.end())},
      {"table", definition.destination_table},
      {"write_disposition", definition.write_mode},
      {"primary_key", boost::json::array(definition.merge_keys.begin(), definition.merge_keys.end())},
      {"contract_columns", std::move(contract_columns)},
      {"column_hints", dlt_column_hints(definition)},
      {"schema_contract", dlt_schema_contract(definition)},
      {"destination", {{"type", request.destination.type}, {"database", request.destination.database}}},
      {"dataset", request.dataset},
      {"pipelines_dir", scratch_dir + "/pipelines"},
      {"scratch_dir", scratch_dir},
  };
  if (!definition.on_violation.empty()) spec["on_violation"] = definition.on_violation;
  return spec;
}

}  // namespace floe::ingestion_dlt
