// floe/tables.h: a product's Iceberg tables behind one JSON entry point.
#include <boost/json.hpp>
#include <fmt/format.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "capi/artifact_request.hpp"
#include "capi/compile_first.hpp"
#include "capi/compile_operations.hpp"
#include "capi/guarded.hpp"
#include "base/deadline.hpp"
#include "core/c_memory.hpp"
#include "floe/tables.h"
#include "tables/product_tables.hpp"

namespace {
namespace json = boost::json;

using floe::read_key;

// Each operation once: its name (table-request.schema.json's "operation"
// const) and what it runs. tests/unit/operation_table_test.cpp holds the two
// to each other.
const std::map<std::string_view, floe::tables::Operation>& table_operations() {
  static const std::map<std::string_view, floe::tables::Operation> table{
      {"list", floe::tables::Operation::list},
      {"show", floe::tables::Operation::show},
      {"expire", floe::tables::Operation::expire},
  };
  return table;
}

floe_status run_tables_request(const floe::OperationRequest& request, floe_buffer* out, floe_error* error) {
  const json::object& req = request.keys;
  floe::DeadlineScope deadline(floe::deadline_of(req));  // --timeout: bounds the whole operation
  auto operation = table_operations().find(request.operation);
  // The schema names an operation the table does not: a floe bug.
  if (operation == table_operations().end())
    return floe::set_c_error(error, FLOE_ERR_INTERNAL, fmt::format("operation '{}' is not implemented", request.operation));
  floe::tables::TableRequest r;
  r.operation = operation->second;
  read_key(req, "product", r.product_path);
  read_key(req, "platform", r.platform_override);
  read_key(req, "plugin_path", r.plugin_roots);
  read_key(req, "namespace", r.namespace_name);
  read_key(req, "table", r.table);
  read_key(req, "tables", r.tables);
  read_key(req, "dry_run", r.dry_run);
  read_key(req, "keep_files", r.keep_files);
  auto first = floe::compile_first(req);
  r.sources = std::move(first.sources);
  r.compile_key = std::move(first.compile_key);

  floe::tables::TableOutput output = floe::tables::run_table_operation(r);
  floe::note_deadline(output.report);
  return floe::set_c_buffer_owning(out, floe::operation_report(output.report, std::move(output.result)), error);
}

}  // namespace

namespace floe {

std::vector<std::string> table_operation_names() { return operation_names_of(table_operations()); }

}  // namespace floe

extern "C" {

FLOE_EXTERN(floe_status) floe_table_run(const char* request_json, floe_buffer* report, floe_error* error) {
  if (request_json == nullptr || report == nullptr)
    return floe::set_c_error(error, FLOE_ERR_INVALID_ARGUMENT, "request_json and report must not be NULL");
  return floe::guarded(error, [&] {
    auto request = floe::parse_operation_request(request_json, "table-request");
    if (!request) return floe::set_c_error(error, request.error());
    return run_tables_request(*request, report, error);
  });
}

}  // extern "C"
