// The dbt package floe_lake for Spark (dbt/floe_lake/, embedded at build
// time): its commit_tables macro publishes the table models dbt built in the
// session's own catalog to the Iceberg catalog, after the run's checks.
#ifndef FLOE_COMPUTE_SPARK_SPARK_LAKE_PACKAGE_HPP
#define FLOE_COMPUTE_SPARK_SPARK_LAKE_PACKAGE_HPP

#include <boost/json.hpp>

namespace floe::compute_spark {

// {"name": "floe_lake", "files": {relative path: text}}
boost::json::object spark_lake_dbt_package();

}  // namespace floe::compute_spark

#endif  // FLOE_COMPUTE_SPARK_SPARK_LAKE_PACKAGE_HPP
