// Attaching an Iceberg REST catalog to Spark: the catalog block of a
// request (parsed by compute-duckdb's parse_iceberg_catalog, so every compute
// takes the same block) as the Spark properties of Iceberg's SparkCatalog.
// Spark reads catalogs from its configuration, not from SQL, so with a
// catalog the profile's session carries these properties and makes the
// catalog the session's default: dbt's models then become Iceberg tables in
// it without a materialization of floe's own.
#ifndef FLOE_COMPUTE_SPARK_SPARK_CATALOG_HPP
#define FLOE_COMPUTE_SPARK_SPARK_CATALOG_HPP

#include <boost/json.hpp>

#include <string>
#include <vector>

#include "catalog_attachment.hpp"

namespace floe::compute_spark {

// The Iceberg release whose Spark runtime the properties name; the one
// catalog-common's get_engine_config names, so both answers agree.
inline constexpr const char* iceberg_spark_runtime = "org.apache.iceberg:iceberg-spark-runtime-4.0_2.13:1.10.1";

struct catalog_properties {
  // spark.sql.catalog.<name>.* and the session-wide ones, in key order;
  // credentials as "{{ env_var('NAME') }}".
  boost::json::object properties;
  boost::json::object env;  // {NAME: reference}
};

// Throws FLOE_ERR_INVALID_ARGUMENT naming the key ("catalog.uri", ...).
compute_duckdb::iceberg_catalog parse_spark_catalog(const boost::json::value& catalog);

// The properties for a session whose default catalog is `catalog`.
// `jars` (local paths) replace the Maven coordinates of the runtime.
catalog_properties spark_catalog_properties(const compute_duckdb::iceberg_catalog& catalog,
                                            const std::vector<std::string>& jars);

// SET statements that register the catalog in a running session that
// already has the Iceberg runtime and extensions (spark.sql.catalog.* are
// runtime properties; the jars and extensions are not). Refused for an
// authenticated catalog: SQL cannot read an environment variable, so the
// statements would carry the secret values.
std::vector<std::string> spark_catalog_sql(const compute_duckdb::iceberg_catalog& catalog);

}  // namespace floe::compute_spark

#endif  // FLOE_COMPUTE_SPARK_SPARK_CATALOG_HPP
