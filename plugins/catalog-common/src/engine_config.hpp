// get_engine_config's request and the parts of its answer every catalog
// builds the same way: the storage's FileIO properties merged under the
// catalog's own (the catalog's win), Spark's spark.sql.catalog.<name>.*
// prefixing, and the Iceberg runtime packages Spark needs for the storage.
#ifndef FLOE_CATALOG_COMMON_ENGINE_CONFIG_HPP
#define FLOE_CATALOG_COMMON_ENGINE_CONFIG_HPP

#include <boost/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace floe::catalog_common {

using properties = std::map<std::string, std::string>;

struct engine_request {
  std::string engine;  // "pyiceberg" | "spark" | "duckdb"
  properties storage;  // the storage's plain FileIO properties
  properties storage_secrets;  // property -> secret reference
};

// Throws INVALID_ARGUMENT naming the key for anything else than the
// documented shape; values of storage.secret_properties must be references.
engine_request parse_engine_request(const boost::json::value& request);

// The answer: {"engine", "properties", "secret_properties"?, "packages"?}.
// `own` is the catalog's properties (they win over the storage's).
boost::json::object pyiceberg_answer(const engine_request& request, const properties& own);
// Spark: "spark.sql.catalog.<name>" = SparkCatalog, the Iceberg SQL
// extensions, every property prefixed with spark.sql.catalog.<name>.; the
// packages are the Iceberg Spark runtime and the bundle of the storage's
// FileIO (aws for s3.*, gcp for gcs.*, azure for adls.*).
boost::json::object spark_answer(const engine_request& request, const std::string& name, const properties& own);

// The Iceberg version the Spark packages are pinned to, and the Spark its
// runtime is built for: the same pair compute-spark uses by default (Spark
// 4.1, the newest with a published runtime), so both answers agree.
inline constexpr const char* kIcebergVersion = "1.12.0";
inline constexpr const char* kSparkRuntimeFor = "4.1";

}  // namespace floe::catalog_common

#endif  // FLOE_CATALOG_COMMON_ENGINE_CONFIG_HPP
