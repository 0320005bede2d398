// The operations of the JSON entry points, each declared once in its table
// (capi/compile_capi.cpp, capi/artifact_capi.cpp, capi/run_capi.cpp,
// capi/table_capi.cpp): the name the request
// schema's "operation" takes (docs/schemas/*-request.schema.json) -> its
// handler. Exposed so a test can hold each table and its schema to each
// other.
#pragma once

#include <string>
#include <vector>

namespace floe {

// The names of an operation table (a std::map from name), sorted as the map is.
template <class Table>
std::vector<std::string> operation_names_of(const Table& table) {
  std::vector<std::string> names;
  for (const auto& entry : table) names.emplace_back(entry.first);
  return names;
}

// The operations floe_compile_run dispatches, sorted.
std::vector<std::string> compile_operation_names();
// The operations floe_artifact_run dispatches, sorted.
std::vector<std::string> artifact_operation_names();
// The operations floe_product_run dispatches, sorted.
std::vector<std::string> run_operation_names();
// The operations floe_table_run dispatches, sorted.
std::vector<std::string> table_operation_names();

}  // namespace floe
