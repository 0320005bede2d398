// The JSON Schema of the compute-spark configuration (plugins.compute.config
// with type: spark), as published in the plugin descriptor. The host checks
// configurations against it first; spark_config.cpp checks again, naming the
// key, and adds what a schema cannot say (which keys each method takes).
#ifndef FLOE_COMPUTE_SPARK_SPARK_SCHEMA_HPP
#define FLOE_COMPUTE_SPARK_SPARK_SCHEMA_HPP

namespace floe::compute_spark {

inline constexpr char spark_schema_json[] = R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "method": {
      "type": "string",
      "enum": ["session", "thrift", "http", "odbc"],
      "default": "session",
      "description": "How dbt-spark reaches Spark: session (a SparkSession inside the dbt process, pyspark; local mode or a cluster through master), thrift (a Spark Thrift Server), http (a Databricks cluster's HTTP Thrift endpoint), odbc (the Databricks/Simba ODBC driver)."
    },
    "master": {
      "type": "string",
      "minLength": 1,
      "description": "session only: the Spark master, e.g. local[*] (the default), local[4], spark://host:7077, k8s://https://api:6443, yarn."
    },
    "host": {"type": "string", "minLength": 1, "description": "thrift, http, odbc: the server's host name."},
    "port": {"type": "integer", "minimum": 1, "maximum": 65535, "description": "thrift (default 10000), http and odbc (default 443)."},
    "cluster": {"type": "string", "minLength": 1, "description": "http, odbc: the Databricks cluster id."},
    "endpoint": {"type": "string", "minLength": 1, "description": "odbc: the Databricks SQL endpoint id (instead of cluster)."},
    "organization": {"type": "string", "minLength": 1, "description": "http, odbc: the Azure Databricks workspace id."},
    "driver": {"type": "string", "minLength": 1, "description": "odbc: the ODBC driver's name or path."},
    "user": {"type": "string", "minLength": 1, "description": "thrift: the user to connect as."},
    "auth": {"type": "string", "enum": ["NONE", "NOSASL", "LDAP", "KERBEROS", "CUSTOM"], "description": "thrift: the Hive authentication mechanism."},
    "kerberos_service_name": {"type": "string", "minLength": 1, "description": "thrift with auth KERBEROS."},
    "use_ssl": {"type": "boolean", "description": "thrift: TLS to the Thrift server."},
    "token": {"description": "http, odbc: the personal access token, as a secret reference (env:NAME, file:/path, {env: NAME}, {file: /path}).", "type": ["string", "object"]},
    "password": {"description": "thrift with auth LDAP or CUSTOM: the password, as a secret reference.", "type": ["string", "object"]},
    "schema": {"type": "string", "minLength": 1, "default": "analytics", "description": "The Spark database (schema) dbt builds into."},
    "warehouse_dir": {"type": "string", "minLength": 1, "description": "session only: where managed tables and the local metastore (Derby) live, relative to the dbt project directory unless absolute. Default warehouse/spark. Ignored by a cluster whose spark_conf sets spark.sql.warehouse.dir."},
    "threads": {"type": "integer", "minimum": 1, "maximum": 64, "description": "dbt threads. Defaults to the preset's, else 1 for session (one SparkSession runs one job at a time well) and 4 otherwise."},
    "preset": {"type": "string", "enum": ["small", "medium", "large"], "description": "Sizes the dbt pod and, for session, the driver (spark.driver.memory, local cores, shuffle partitions) where spark_conf does not."},
    "spark_conf": {"type": "object", "additionalProperties": {"type": ["string", "number", "boolean"]}, "description": "Spark properties for every dbt session (dbt-spark's server_side_parameters); they win over the preset's."},
    "iceberg_jars": {"type": "array", "items": {"type": "string", "minLength": 1}, "description": "session with a catalog: local jar paths of the Iceberg Spark runtime (and a cloud bundle) instead of fetching them from Maven Central with spark.jars.packages."},
    "spark_version": {"type": "string", "pattern": "^[0-9]+[.][0-9]+$", "description": "session only: the Spark minor version the sessions run (the dbt virtualenv's pyspark, and a cluster's). With a catalog it picks the Iceberg Spark runtime (3.5, 4.0, 4.1); Spark 4.2 and later have none (4.2 made the catalog View API a class the runtimes cannot implement) and are refused."},
    "connect_retries": {"type": "integer", "minimum": 0, "maximum": 100, "description": "dbt-spark connect_retries."},
    "connect_timeout": {"type": "integer", "minimum": 1, "maximum": 3600, "description": "dbt-spark connect_timeout, seconds."},
    "timeout_ms": {"type": "integer", "minimum": 1, "maximum": 600000, "default": 10000, "description": "Budget of validate_connection and health_check when the request gives none."}
  }
})json";

}  // namespace floe::compute_spark

#endif  // FLOE_COMPUTE_SPARK_SPARK_SCHEMA_HPP
