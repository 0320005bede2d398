// Column types from dbt's target/catalog.json (what `dbt docs generate`
// found in the warehouse): the types of columns a model's YAML does not
// declare. Absent or unreadable catalog: no types, nothing is guessed.
#pragma once

#include <map>
#include <string>

namespace floe {

// model name -> (lower-case column name -> database type: "INTEGER", "VARCHAR")
using CatalogTypes = std::map<std::string, std::map<std::string, std::string>>;

// Reads <project_dir>/target/catalog.json when it exists.
CatalogTypes read_catalog_types(const std::string& project_dir);

}  // namespace floe
