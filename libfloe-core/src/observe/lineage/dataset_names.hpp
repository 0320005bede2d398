// How floe names datasets in OpenLineage: the namespace is where the data
// lives (for DuckDB "duckdb://<absolute path of the database file>"), the
// name is schema.table; files are namespace "file", named by absolute path.
#pragma once

#include <boost/json/object.hpp>

#include <string>
#include <string_view>

namespace floe::observe {

// The namespace of the tables of the compute floe generated the dbt profile
// for (compiled artifacts' dbt_profiles): duckdb:// and the database file,
// made absolute against `dbt_dir` (where dbt runs); for other adapters
// "<type>://<host>[:<port>]", else "<type>://<account or database>", else
// "<type>". "" when the artifacts hold no dbt output.
std::string compute_dataset_namespace(const boost::json::object& artifacts, const std::string& dbt_dir);

// The schema dbt builds into when a model sets none (the output's schema).
std::string default_schema(const boost::json::object& artifacts);

// "schema.table" of a relation as dbt writes it ("db"."schema"."table",
// db.schema.table, schema.table); "" when it is none of these.
std::string relation_dataset_name(std::string_view relation);

}  // namespace floe::observe
