// The dbt package the lake target needs (dbt/floe_lake/ in this plugin's
// source folder, embedded at build time): its macro commit_tables commits a
// product's built table models to the attached Iceberg catalog. The host
// installs it into the dbt project's dbt_packages/ and runs the macro after
// dbt build (dbt run-operation floe_lake.commit_tables).
#ifndef FLOE_COMPUTE_DUCKDB_LAKE_PACKAGE_HPP
#define FLOE_COMPUTE_DUCKDB_LAKE_PACKAGE_HPP

#include <boost/json/object.hpp>

namespace floe::compute_duckdb {

// {"name": "floe_lake", "commits": ..., "files": {"dbt_project.yml": text, "macros/...": text}};
// `floe_writes`: "commits" is data_files (write_data_files, then the catalog
// plugin's commit_data_files), else one_transaction (commit_tables).
boost::json::object lake_dbt_package(bool floe_writes);

}  // namespace floe::compute_duckdb

#endif
