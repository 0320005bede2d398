#include "spark_profile.hpp"

#include "floe/plugin.hpp"
#include "profile_builder.hpp"
#include "spark_catalog.hpp"
#include "spark_lake_package.hpp"
#include "warehouse_request.hpp"

namespace floe::compute_spark {
namespace {

using floe::sdk::error;

// `master` with local[*] pinned to the preset's cores: inside a pod, the JVM
// would otherwise count the node's cores, not the pod's limit.
std::string effective_master(const spark_config& config) {
  if (config.master == "local[*]" && config.preset != nullptr)
    return "local[" + std::to_string(config.preset->local_cores) + "]";
  return config.master;
}

// server_side_parameters for method session: where tables and the local
// metastore live, the preset's sizes, then the catalog's, then the user's
// spark_conf, which wins.
boost::json::object session_parameters(const spark_config& config, const catalog_properties* catalog) {
  boost::json::object p;
  p["spark.master"] = effective_master(config);
  p["spark.sql.warehouse.dir"] = config.warehouse_dir;
  // The embedded Derby metastore keeps the tables dbt made between dbt
  // invocations (floe run, then floe test); without a home it lands in
  // whatever directory dbt runs in.
  p["spark.driver.extraJavaOptions"] = "-Dderby.system.home=" + config.warehouse_dir;
  // A Spark UI per dbt invocation would take port 4040 and above for nothing.
  p["spark.ui.enabled"] = "false";
  if (config.preset != nullptr) {
    p["spark.driver.memory"] = std::string(config.preset->driver_memory);
    p["spark.sql.shuffle.partitions"] = std::to_string(config.preset->shuffle_partitions);
  }
  if (catalog != nullptr)
    for (const auto& [key, value] : catalog->properties) p[key] = value;
  for (const auto& [key, value] : config.spark_conf) p[key] = value;
  return p;
}

}  // namespace

spark_profile_request parse_spark_profile_request(const boost::json::value& request) {
  const auto& object = compute_warehouses::checked_request(request, "generate_dbt_profile request",
                                                           {"profile_name", "target", "schema", "catalog"});
  spark_profile_request out;
  out.profile_name = compute_duckdb::request_string(object, "profile_name", true);
  out.target = compute_duckdb::request_string(object, "target", true);
  if (object.contains("schema")) out.schema = compute_duckdb::request_string(object, "schema", true);
  if (auto it = object.find("catalog"); it != object.end() && !it->value().is_null())
    out.catalog = parse_spark_catalog(it->value());
  return out;
}

boost::json::object spark_profile(const spark_config& config, const spark_profile_request& request) {
  if (request.catalog && !config.session())
    throw error(FLOE_ERR_INVALID_ARGUMENT,
                "key 'catalog': with method " + config.method +
                    " the catalogs are the Spark server's own configuration; attach the Iceberg catalog there "
                    "(spark.sql.catalog.* on the cluster), or use method session");
  compute_warehouses::profile_secrets secrets("spark");
  boost::json::object output{{"type", "spark"}, {"method", config.method}};
  // dbt-spark requires a host even for a session, where it is unused.
  output["host"] = config.session() ? "localhost" : *config.host;
  if (!config.session()) output["port"] = config.port_or_default();
  output["schema"] = request.schema.value_or(config.schema);
  output["threads"] = config.threads;
  auto put = [&](const char* key, const std::optional<std::string>& value) {
    if (value) output[key] = *value;
  };
  put("cluster", config.cluster);
  put("endpoint", config.endpoint);
  put("organization", config.organization);
  put("driver", config.driver);
  put("user", config.user);
  put("auth", config.auth);
  put("kerberos_service_name", config.kerberos_service_name);
  if (config.use_ssl) output["use_ssl"] = *config.use_ssl;
  if (config.token) output["token"] = secrets.placeholder(*config.token, "token");
  if (config.password) output["password"] = secrets.placeholder(*config.password, "password");
  if (config.connect_retries) output["connect_retries"] = *config.connect_retries;
  if (config.connect_timeout) output["connect_timeout"] = *config.connect_timeout;

  boost::json::object env = secrets.env();
  if (config.session()) {
    std::optional<catalog_properties> catalog;
    if (request.catalog) {
      // INVALID_CONFIG: the host makes it a compile error at the manifest's
      // key, not a lake left out with a warning.
      if (!iceberg_runtime_for(config.spark_version))
        throw error(FLOE_ERR_INVALID_CONFIG,
                    "key 'spark_version': no Iceberg Spark runtime supports Spark " + config.spark_version +
                        " (supported: " + supported_spark_versions() +
                        "); Spark 4.2 made the catalog View API a class, which every published runtime implements "
                        "as an interface, so Iceberg fails at its first catalog call. Run Spark 4.1 "
                        "(pyspark==4.1.4) to write the lake");
      catalog = spark_catalog_properties(*request.catalog, config.spark_version, config.iceberg_jars);
      for (const auto& [name, reference] : catalog->env) {
        auto [it, inserted] = env.emplace(name, reference);
        if (!inserted && it->value() != reference)
          throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'catalog.credentials': variable '" + std::string(name) +
                                                     "' would be set from two different references");
      }
    }
    output["server_side_parameters"] = session_parameters(config, catalog ? &*catalog : nullptr);
  } else if (!config.spark_conf.empty()) {
    output["server_side_parameters"] = config.spark_conf;
  }
  boost::json::object answer{{"output", std::move(output)}, {"env", std::move(env)}};
  // The package whose commit_tables publishes the models after the checks.
  if (request.catalog) answer["dbt_package"] = spark_lake_dbt_package();
  return answer;
}

boost::json::array spark_packages(const spark_config& config) {
  boost::json::array packages;
  if (config.session()) {
    packages.emplace_back("dbt-spark[session]>=1.11,<1.12");
    packages.emplace_back("pyspark>=4.0,<5");
  } else if (config.method == "odbc") {
    packages.emplace_back("dbt-spark[ODBC]>=1.11,<1.12");
  } else {
    packages.emplace_back("dbt-spark[PyHive]>=1.11,<1.12");
  }
  return packages;
}

}  // namespace floe::compute_spark
