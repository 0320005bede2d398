// What a caller asks of a product's Iceberg tables (floe_table_run,
// floe/tables.h), read from a request its schema accepted
// (docs/schemas/table-request.schema.json).
#pragma once

#include <boost/json/value.hpp>

#include <string>
#include <vector>

#include "resolve/platform_source.hpp"

namespace floe::tables {

enum class Operation {
  list,    // the tables of a namespace
  show,    // one table, with the retention that applies to it
  expire,  // snapshot expiry by the platform's governance
};

struct TableRequest {
  Operation operation = Operation::list;
  std::string product_path = "floe.yaml";
  std::string platform_override;
  std::string plugin_roots;
  PlatformSourceOptions sources;
  boost::json::value compile_key;  // as RunRequest::compile_key: null = always compile
  std::string namespace_name;       // list: "" = the product's namespace
  std::string table;                // show
  std::vector<std::string> tables;  // expire: empty = every table of the product's namespace
  bool dry_run = false;             // expire
  bool keep_files = false;          // expire: delete no file the expired snapshots freed
};

}  // namespace floe::tables
