// A product's Iceberg tables through its platform's catalog plugin: the
// product is compiled (from the compile cache when unchanged), the catalog
// the platform selects is opened with its configuration and its secrets as
// references, and the operation runs against it (floe iceberg ls / show /
// expire). Problems are diagnostics of the report (FLOE-W1xx,
// docs/iceberg.md#codes), never exceptions.
#pragma once

#include <boost/json/value.hpp>

#include "diag/compile_report.hpp"
#include "tables/table_request.hpp"

namespace floe::tables {

struct TableOutput {
  CompileReport report;
  // list: {"catalog", "namespace", "tables": [str]}
  // show: {"catalog", "namespace", "table": table_summary, "retention": {...}}
  // expire: {"catalog", "namespace", "dry_run", "retention": {...}, "tables": [{"identifier", "plan", "committed", ...}]}
  // null when the operation did not get that far.
  boost::json::value result;
};

TableOutput run_table_operation(const TableRequest& request);

}  // namespace floe::tables
