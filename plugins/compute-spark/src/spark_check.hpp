// validate_connection and health_check for Spark, bounded by the budget and
// never carrying a credential:
//   session: a Java the session can start (JAVA_HOME, else PATH; Spark 4
//     needs 17 or newer, asked of `java -version` itself) and, for a
//     spark:// or k8s:// master, that its host accepts a connection;
//     yarn and local masters have nothing more to reach;
//   thrift, odbc: the server's host and port accept a TCP connection;
//   http: the cluster's HTTPS endpoint answers (compute-warehouses'
//     endpoint probe: any HTTP status proves the host and TLS).
#ifndef FLOE_COMPUTE_SPARK_SPARK_CHECK_HPP
#define FLOE_COMPUTE_SPARK_SPARK_CHECK_HPP

#include <chrono>
#include <map>
#include <optional>
#include <string>

#include "endpoint_probe.hpp"
#include "spark_config.hpp"

namespace floe::compute_spark {

// Where Java is looked for: the process's JAVA_HOME and PATH (a parameter,
// so tests can point at none).
struct java_search {
  std::optional<std::string> java_home, path;
};
java_search java_search_from_environment();

compute_warehouses::probe_report check_spark(const spark_config& config, const java_search& java,
                                             std::chrono::milliseconds budget);

// The major version in `java -version`'s output ("openjdk version
// \"17.0.15\"" -> 17, "1.8.0_392" -> 8), or 0 when there is none.
int java_major_version(const std::string& version_output);

}  // namespace floe::compute_spark

#endif  // FLOE_COMPUTE_SPARK_SPARK_CHECK_HPP
