// The compute-spark configuration, read and checked: every problem is
// FLOE_ERR_INVALID_CONFIG naming the manifest key (through
// compute-warehouses' config_reader, so every compute plugin words them
// alike), and a secret is only ever held as its reference.
#ifndef FLOE_COMPUTE_SPARK_SPARK_CONFIG_HPP
#define FLOE_COMPUTE_SPARK_SPARK_CONFIG_HPP

#include <boost/json.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "spark_presets.hpp"
#include "warehouse_secret.hpp"

namespace floe::compute_spark {

using compute_warehouses::secret_reference;

struct spark_config {
  std::string method = "session";  // session, thrift, http or odbc
  // session
  std::string master = "local[*]";
  std::string warehouse_dir = "warehouse/spark";
  std::vector<std::string> iceberg_jars;
  // The Spark the sessions run (the dbt virtualenv's pyspark, and the
  // cluster's): picks the Iceberg runtime; one without a runtime is refused
  // when a catalog is attached (spark_catalog.hpp).
  std::string spark_version = "4.1";
  // thrift, http, odbc
  std::optional<std::string> host, cluster, endpoint, organization, driver, user, auth, kerberos_service_name;
  std::optional<std::int64_t> port;
  std::optional<bool> use_ssl;
  std::optional<secret_reference> token, password;
  // all
  std::string schema = "analytics";
  std::int64_t threads = 1;
  const spark_preset* preset = nullptr;
  boost::json::object spark_conf;  // values as strings, in key order
  std::optional<std::int64_t> connect_retries, connect_timeout;
  std::chrono::milliseconds check_timeout{10000};

  bool session() const { return method == "session"; }
  // The port dbt-spark connects to: the configured one, else its default.
  std::int64_t port_or_default() const { return port.value_or(method == "thrift" ? 10000 : 443); }
};

spark_config parse_spark_config(const boost::json::object& config);

}  // namespace floe::compute_spark

#endif  // FLOE_COMPUTE_SPARK_SPARK_CONFIG_HPP
