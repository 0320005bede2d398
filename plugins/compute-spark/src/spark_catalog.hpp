// Attaching an Iceberg REST catalog to Spark: the catalog block of a
// request (parsed by compute-duckdb's parse_iceberg_catalog, so every compute
// takes the same block) as the Spark properties of Iceberg's SparkCatalog.
// Spark reads catalogs from its configuration, not from SQL, so with a
// catalog the profile's lake target carries these properties. dbt still
// builds in the session's own catalog (the checks read those tables); floe
// run's publish step then copies them into the Iceberg catalog with the
// floe_lake package's commit_tables (write-audit-publish).
#ifndef FLOE_COMPUTE_SPARK_SPARK_CATALOG_HPP
#define FLOE_COMPUTE_SPARK_SPARK_CATALOG_HPP

#include <boost/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "catalog_attachment.hpp"

namespace floe::compute_spark {

// The Iceberg Spark runtime for a Spark minor version ("4.1"): Maven
// coordinates of the newest runtime release built for it, and of the AWS
// bundle of the same release (S3FileIO). Empty for a Spark no published
// runtime supports: 4.2 made org.apache.spark.sql.connector.catalog.View a
// class, which every runtime's SparkView implements as an interface
// (IncompatibleClassChangeError at the first catalog call), and the runtimes
// on Maven Central stop at 4.1.
struct iceberg_runtime {
  std::string runtime, aws_bundle;
};
std::optional<iceberg_runtime> iceberg_runtime_for(const std::string& spark_version);
// The Spark minor versions with a runtime, for diagnostics ("3.5, 4.0, 4.1").
std::string supported_spark_versions();

struct catalog_properties {
  // spark.sql.catalog.<name>.* and the session-wide ones, in key order;
  // credentials as "{{ env_var('NAME') }}".
  boost::json::object properties;
  boost::json::object env;  // {NAME: reference}
};

// Throws FLOE_ERR_INVALID_ARGUMENT naming the key ("catalog.uri", ...).
compute_duckdb::iceberg_catalog parse_spark_catalog(const boost::json::value& catalog);

// The properties that register `catalog` in a session beside its own
// catalog (spark_catalog, where dbt builds), with the Iceberg runtime of
// `spark_version` and its SQL extensions. `jars` (local paths) replace the
// runtime's Maven coordinates.
catalog_properties spark_catalog_properties(const compute_duckdb::iceberg_catalog& catalog,
                                            const std::string& spark_version, const std::vector<std::string>& jars);

// SET statements that register the catalog in a running session that
// already has the Iceberg runtime and extensions (spark.sql.catalog.* are
// runtime properties; the jars and extensions are not). Refused for an
// authenticated catalog: SQL cannot read an environment variable, so the
// statements would carry the secret values.
std::vector<std::string> spark_catalog_sql(const compute_duckdb::iceberg_catalog& catalog);

}  // namespace floe::compute_spark

#endif  // FLOE_COMPUTE_SPARK_SPARK_CATALOG_HPP
