#include "spark_catalog.hpp"

#include "floe/plugin.hpp"

namespace floe::compute_spark {
namespace {

using compute_duckdb::iceberg_catalog;

const iceberg_catalog::secret_credential* credential(const iceberg_catalog& catalog, std::string_view key) {
  for (const auto& c : catalog.credentials)
    if (c.key == key) return &c;
  return nullptr;
}

// The catalog's own properties (without the spark.sql.catalog.<name>.
// prefix), secrets as placeholders recorded in `env`.
boost::json::object own_properties(const iceberg_catalog& catalog, boost::json::object* env) {
  boost::json::object out{{"type", "rest"}, {"uri", catalog.uri}};
  if (catalog.warehouse) out["warehouse"] = *catalog.warehouse;
  auto placeholder = [&](const iceberg_catalog::secret_credential& c) {
    if (env != nullptr) (*env)[c.environment_name] = c.reference.text;
    return compute_duckdb::dbt_env_var(c.environment_name);
  };
  // Iceberg's REST client takes OAuth2 client credentials as one
  // "id:secret" property, and a bearer token as `token`.
  const auto* secret = credential(catalog, "client_secret");
  if (secret != nullptr) {
    const auto* id = credential(catalog, "client_id");
    std::string id_text = id != nullptr ? placeholder(*id) : catalog.client_id;
    out["credential"] = id_text + ":" + placeholder(*secret);
  }
  if (const auto* token = credential(catalog, "token")) out["token"] = placeholder(*token);
  for (const auto& [option, value] : catalog.oauth2_options) {
    if (option == "oauth2_server_uri") out["oauth2-server-uri"] = value;
    if (option == "oauth2_scope") out["scope"] = value;
  }
  return out;
}

struct runtime_release {
  const char* spark;
  const char* iceberg;
};
// The newest Iceberg release with a runtime for each Spark minor version
// (Maven Central, 2026-11: 3.5 up to 1.10.x, 4.0 up to 1.11.0, 4.1 from
// 1.11.0 to 1.12.0).
constexpr runtime_release kRuntimes[] = {{"3.5", "1.10.1"}, {"4.0", "1.11.0"}, {"4.1", "1.12.0"}};

}  // namespace

std::optional<iceberg_runtime> iceberg_runtime_for(const std::string& spark_version) {
  for (const auto& r : kRuntimes)
    if (spark_version == r.spark)
      return iceberg_runtime{std::string("org.apache.iceberg:iceberg-spark-runtime-") + r.spark + "_2.13:" + r.iceberg,
                             std::string("org.apache.iceberg:iceberg-aws-bundle:") + r.iceberg};
  return std::nullopt;
}

std::string supported_spark_versions() {
  std::string out;
  for (const auto& r : kRuntimes) out += (out.empty() ? "" : ", ") + std::string(r.spark);
  return out;
}

iceberg_catalog parse_spark_catalog(const boost::json::value& catalog) {
  return compute_duckdb::parse_iceberg_catalog(catalog);
}

catalog_properties spark_catalog_properties(const iceberg_catalog& catalog, const std::string& spark_version,
                                            const std::vector<std::string>& jars) {
  catalog_properties out;
  const std::string prefix = "spark.sql.catalog." + catalog.name;
  out.properties[prefix] = "org.apache.iceberg.spark.SparkCatalog";
  for (const auto& [key, value] : own_properties(catalog, &out.env))
    out.properties[prefix + "." + std::string(key)] = value;
  out.properties["spark.sql.extensions"] = "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions";
  if (jars.empty()) {
    // parse_spark_config refused a version without a runtime.
    auto runtime = iceberg_runtime_for(spark_version);
    if (!runtime)
      throw floe::sdk::error(FLOE_ERR_INVALID_ARGUMENT,
                             "key 'spark_version': no Iceberg Spark runtime supports Spark " + spark_version);
    out.properties["spark.jars.packages"] = runtime->runtime + "," + runtime->aws_bundle;
  } else {
    std::string list;
    for (const auto& jar : jars) list += (list.empty() ? "" : ",") + jar;
    out.properties["spark.jars"] = list;
  }
  // Spark prints its configuration in logs and its UI with the values of
  // keys matching this pattern redacted; its default misses Iceberg's
  // `credential`.
  out.properties["spark.redaction.regex"] = "(?i)secret|password|token|access[.]key|credential";
  return out;
}

std::vector<std::string> spark_catalog_sql(const iceberg_catalog& catalog) {
  if (catalog.authenticated())
    throw floe::sdk::error(FLOE_ERR_INVALID_ARGUMENT,
                           "key 'catalog.credentials': Spark SQL cannot read an environment variable, so SET "
                           "statements would carry the secret values; generate_dbt_profile attaches an "
                           "authenticated catalog through the session's properties instead");
  const std::string prefix = "spark.sql.catalog." + catalog.name;
  std::vector<std::string> statements{"SET " + prefix + "=org.apache.iceberg.spark.SparkCatalog"};
  for (const auto& [key, value] : own_properties(catalog, nullptr))
    statements.push_back("SET " + prefix + "." + std::string(key) + "=" + std::string(value.as_string()));
  return statements;
}

}  // namespace floe::compute_spark
