#include "engine_config.hpp"

#include "floe/plugin.hpp"
#include "storage_request.hpp"

namespace floe::catalog_common {
namespace json = boost::json;
using floe::sdk::error;

namespace {

bool is_reference(std::string_view text) {
  return (text.rfind("env:", 0) == 0 && text.size() > 4) || (text.rfind("file:/", 0) == 0 && text.size() > 6);
}

properties string_map(const json::value& value, const std::string& where, bool references) {
  if (!value.is_object()) throw error(FLOE_ERR_INVALID_ARGUMENT, "key '" + where + "': expected an object of strings");
  properties out;
  for (const auto& [key, v] : value.get_object()) {
    std::string name(key);
    if (!v.is_string())
      throw error(FLOE_ERR_INVALID_ARGUMENT, "key '" + where + "." + name + "': expected a string");
    if (references && !is_reference(v.get_string()))
      throw error(FLOE_ERR_INVALID_ARGUMENT,
                  "key '" + where + "." + name + "': expected a secret reference (env:NAME or file:/path), not a value");
    out[name] = std::string(v.get_string());
  }
  return out;
}

json::object to_object(const properties& map) {
  json::object out;
  for (const auto& [k, v] : map) out[k] = v;
  return out;
}

bool has_prefix(const properties& map, const std::string& prefix) {
  for (const auto& [k, v] : map)
    if (k.rfind(prefix, 0) == 0) return true;
  return false;
}

// PyIceberg-only keys a Java FileIO does not read.
bool java_reads(const std::string& key) { return key != "s3.force-virtual-addressing"; }

}  // namespace

engine_request parse_engine_request(const json::value& request) {
  const auto& object = floe::sdk::as_object(request, "get_engine_config request");
  floe::storage_common::refuse_unknown_keys(object, {"engine", "storage", "secrets"});
  engine_request out;
  out.engine = floe::sdk::required_string(object, "engine");
  if (out.engine != "pyiceberg" && out.engine != "spark" && out.engine != "duckdb")
    throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'engine': '" + out.engine + "' is not one of pyiceberg, spark, duckdb");
  if (auto it = object.find("storage"); it != object.end() && !it->value().is_null()) {
    const auto& storage = floe::sdk::as_object(it->value(), "key 'storage'");
    floe::storage_common::refuse_unknown_keys(storage, {"properties", "secret_properties"});
    if (auto p = storage.find("properties"); p != storage.end()) out.storage = string_map(p->value(), "storage.properties", false);
    if (auto s = storage.find("secret_properties"); s != storage.end())
      out.storage_secrets = string_map(s->value(), "storage.secret_properties", true);
  }
  if (auto it = object.find("secrets"); it != object.end() && !it->value().is_null())
    string_map(it->value(), "secrets", true);  // checked; these catalogs take no secrets of their own
  return out;
}

json::object pyiceberg_answer(const engine_request& request, const properties& own) {
  properties merged = request.storage;
  for (const auto& [k, v] : own) merged[k] = v;
  json::object out{{"engine", "pyiceberg"}, {"properties", to_object(merged)}};
  if (!request.storage_secrets.empty()) out["secret_properties"] = to_object(request.storage_secrets);
  return out;
}

json::object spark_answer(const engine_request& request, const std::string& name, const properties& own) {
  const std::string prefix = "spark.sql.catalog." + name;
  properties merged;
  for (const auto& [k, v] : request.storage)
    if (java_reads(k)) merged[prefix + "." + k] = v;
  for (const auto& [k, v] : own) merged[prefix + "." + k] = v;
  merged[prefix] = "org.apache.iceberg.spark.SparkCatalog";
  merged["spark.sql.extensions"] = "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions";
  json::object secrets;
  for (const auto& [k, v] : request.storage_secrets) secrets[prefix + "." + k] = v;

  std::string version = kIcebergVersion;
  json::array packages{"org.apache.iceberg:iceberg-spark-runtime-" + std::string(kSparkRuntimeFor) + "_2.13:" + version};
  properties all = request.storage;
  all.insert(own.begin(), own.end());
  all.insert(request.storage_secrets.begin(), request.storage_secrets.end());
  if (has_prefix(all, "s3.") || has_prefix(all, "glue.") || has_prefix(all, "client."))
    packages.emplace_back("org.apache.iceberg:iceberg-aws-bundle:" + version);
  if (has_prefix(all, "gcs.")) packages.emplace_back("org.apache.iceberg:iceberg-gcp-bundle:" + version);
  if (has_prefix(all, "adls.")) packages.emplace_back("org.apache.iceberg:iceberg-azure-bundle:" + version);

  json::object out{{"engine", "spark"}, {"properties", to_object(merged)}, {"packages", std::move(packages)}};
  if (!secrets.empty()) out["secret_properties"] = std::move(secrets);
  return out;
}

}  // namespace floe::catalog_common
