#include "spark_config.hpp"

#include <filesystem>
#include <string_view>

#include "spark_catalog.hpp"
#include "warehouse_config.hpp"

namespace floe::compute_spark {
namespace {

using compute_warehouses::config_reader;
using compute_warehouses::invalid_config;

// Which methods a key applies to; a key given for another method is refused
// rather than ignored, so a manifest never says more than the profile does.
bool applies(std::string_view key, const std::string& method) {
  if (key == "master" || key == "warehouse_dir" || key == "iceberg_jars" || key == "spark_version")
    return method == "session";
  if (key == "user" || key == "auth" || key == "kerberos_service_name" || key == "use_ssl" || key == "password")
    return method == "thrift";
  if (key == "token" || key == "cluster" || key == "organization") return method == "http" || method == "odbc";
  if (key == "endpoint" || key == "driver") return method == "odbc";
  if (key == "host" || key == "port" || key == "connect_retries" || key == "connect_timeout")
    return method != "session";
  return true;
}

std::string scalar_text(const boost::json::value& value) {
  if (value.is_string()) return std::string(value.get_string());
  if (value.is_bool()) return value.get_bool() ? "true" : "false";
  return boost::json::serialize(value);
}

// A jar of an Iceberg runtime built for another Spark than spark_version
// fails at the first catalog call; said at compile time instead.
void check_iceberg_jars(const spark_config& c) {
  // A Spark no runtime supports is refused when a catalog is attached, with
  // why (spark_profile.cpp): no runtime jar could be right for it.
  if (!iceberg_runtime_for(c.spark_version)) return;
  const std::string marker = "iceberg-spark-runtime-";
  for (const auto& jar : c.iceberg_jars) {
    std::string name = std::filesystem::path(jar).filename().string();
    auto at = name.find(marker);
    if (at == std::string::npos) continue;
    std::string built_for = name.substr(at + marker.size(), name.find('_', at + marker.size()) - at - marker.size());
    if (built_for != c.spark_version)
      invalid_config("iceberg_jars", "'" + name + "' is the Iceberg runtime for Spark " + built_for +
                                         ", but spark_version is " + c.spark_version +
                                         ": take the runtime built for the Spark the sessions run "
                                         "(iceberg-spark-runtime-" + c.spark_version + "_2.13)");
  }
}

}  // namespace

spark_config parse_spark_config(const boost::json::object& object) {
  boost::json::value root_value(object);
  config_reader root(root_value, "",
                     {"method",
                      "master",
                      "host",
                      "port",
                      "cluster",
                      "endpoint",
                      "organization",
                      "driver",
                      "user",
                      "auth",
                      "kerberos_service_name",
                      "use_ssl",
                      "token",
                      "password",
                      "schema",
                      "warehouse_dir",
                      "threads",
                      "preset",
                      "spark_conf",
                      "iceberg_jars",
                      "spark_version",
                      "connect_retries",
                      "connect_timeout",
                      "timeout_ms"});
  spark_config c;
  c.method = root.optional_choice("method", {"session", "thrift", "http", "odbc"}).value_or("session");
  for (const auto& [key, value] : object)
    if (!applies(key, c.method)) invalid_config(key, "does not apply to method " + c.method);

  if (auto master = root.optional_string("master")) c.master = *master;
  if (auto dir = root.optional_string("warehouse_dir")) c.warehouse_dir = *dir;
  if (const boost::json::value* jars = root.find("iceberg_jars")) {
    if (!jars->is_array()) invalid_config("iceberg_jars", "expected a list of jar paths");
    for (const auto& jar : jars->get_array()) {
      if (!jar.is_string() || jar.get_string().empty()) invalid_config("iceberg_jars", "expected non-empty paths");
      c.iceberg_jars.emplace_back(jar.get_string());
    }
  }
  if (auto version = root.optional_string("spark_version")) c.spark_version = *version;
  check_iceberg_jars(c);
  c.host = root.optional_string("host");
  c.port = root.optional_int("port", 1, 65535);
  c.cluster = root.optional_string("cluster");
  c.endpoint = root.optional_string("endpoint");
  c.organization = root.optional_string("organization");
  c.driver = root.optional_string("driver");
  c.user = root.optional_string("user");
  c.auth = root.optional_choice("auth", {"NONE", "NOSASL", "LDAP", "KERBEROS", "CUSTOM"});
  c.kerberos_service_name = root.optional_string("kerberos_service_name");
  c.use_ssl = root.optional_bool("use_ssl");
  c.token = compute_warehouses::optional_secret(root, "token");
  c.password = compute_warehouses::optional_secret(root, "password");
  if (auto schema = root.optional_string("schema")) c.schema = *schema;
  c.connect_retries = root.optional_int("connect_retries", 0, 100);
  c.connect_timeout = root.optional_int("connect_timeout", 1, 3600);
  c.check_timeout = std::chrono::milliseconds(root.optional_int("timeout_ms", 1, 600000).value_or(10000));

  if (auto name = root.optional_string("preset")) {
    c.preset = find_spark_preset(*name);
    if (c.preset == nullptr)
      invalid_config("preset", "unknown preset '" + *name + "'; valid presets: " + spark_preset_names());
  }
  c.threads = c.preset ? c.preset->dbt_threads : (c.session() ? 1 : 4);
  if (auto threads = root.optional_int("threads", 1, 64)) c.threads = *threads;
  if (auto conf = root.optional_scalar_map("spark_conf"))
    for (const auto& [key, value] : *conf) c.spark_conf[key] = scalar_text(value);

  // What dbt-spark itself would refuse, said at compile time with the key.
  std::string by = "method " + c.method;
  if (!c.session() && !c.host) invalid_config("host", "is required by " + by);
  if ((c.method == "http" || c.method == "odbc") && !c.token) invalid_config("token", "is required by " + by);
  if (c.method == "http" && !c.cluster) invalid_config("cluster", "is required by " + by);
  if (c.method == "odbc" && !c.driver) invalid_config("driver", "is required by " + by);
  if (c.method == "odbc" && (c.cluster.has_value() == c.endpoint.has_value()))
    invalid_config("cluster", "method odbc needs exactly one of cluster and endpoint");
  if (c.auth && (*c.auth == "LDAP" || *c.auth == "CUSTOM") && !c.password)
    invalid_config("password", "is required by auth " + *c.auth);
  if (c.password && (!c.auth || (*c.auth != "LDAP" && *c.auth != "CUSTOM")))
    invalid_config("password", "is used only with auth LDAP or CUSTOM");
  if (c.kerberos_service_name && c.auth != "KERBEROS")
    invalid_config("kerberos_service_name", "is used only with auth KERBEROS");
  for (const auto& segment : std::filesystem::path(c.warehouse_dir))
    if (segment == "..") invalid_config("warehouse_dir", "must not contain '..' segments");
  return c;
}

}  // namespace floe::compute_spark
