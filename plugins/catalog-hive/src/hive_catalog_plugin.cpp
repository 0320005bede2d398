// The catalog-hive plugin: a Hive Metastore as the lakehouse's Iceberg
// catalog, as configuration only. floe has no Thrift client (and no
// metastore to test one against), so the plugin produces what engines need
// to reach it themselves (pyiceberg's and Spark's catalog properties, the
// compute's catalog block) and refuses the methods that need a live catalog
// (offline_catalog.hpp). Its tables' files live on the object storage the
// platform selects: it requires a storage plugin with Iceberg FileIO
// properties.
#include <string>

#include "engine_config.hpp"
#include "floe/plugin.hpp"
#include "offline_catalog.hpp"
#include "storage_request.hpp"

namespace floe::catalog_hive {
namespace {

namespace common = floe::catalog_common;
using floe::sdk::error;

inline constexpr char config_schema_json[] = R"json({
  "type": "object",
  "additionalProperties": false,
  "required": ["uri"],
  "properties": {
    "uri": {
      "type": "string",
      "pattern": "^thrift://[^,\\s/]+(,thrift://[^,\\s/]+)*$",
      "description": "The metastore's Thrift URI (thrift://host:9083); several, comma-separated, for failover."
    },
    "name": {
      "type": "string",
      "pattern": "^[a-z_][a-z0-9_]*$",
      "maxLength": 63,
      "default": "hive",
      "description": "The catalog's name in engines (spark.sql.catalog.<name>)."
    },
    "warehouse": {
      "type": "string",
      "pattern": "^(s3a?|gs|abfss?|hdfs)://[^\\s]+$",
      "description": "Where new tables' files go when a database names no location (s3://, gs://, abfss://, hdfs://)."
    },
    "hive2_compatible": {
      "type": "boolean",
      "default": false,
      "description": "The metastore is Hive 2.x (pyiceberg's hive.hive2-compatible)."
    },
    "kerberos": {
      "type": "boolean",
      "default": false,
      "description": "Authenticate to the metastore with Kerberos (the workload's ticket)."
    }
  }
})json";

class hive_catalog : public common::offline_methods<hive_catalog> {
 public:
  // Named in the refusals of the live methods (offline_methods).
  static constexpr const char* kCatalog = "a Hive Metastore";
  static constexpr const char* kPlugin = "catalog-hive";

  static constexpr const char* capabilities[] = {"hive-metastore", "iceberg-catalog", "config-only", nullptr};
  static constexpr const char* requirements[] = {"storage:iceberg-fileio", nullptr};

  static constexpr floe_plugin_descriptor descriptor = {
      sizeof(floe_plugin_descriptor),
      FLOE_ABI_VERSION,
      FLOE_CATEGORY_CATALOG,
      0,
      "hive",
      "0.1.0",
      "A Hive Metastore as the Iceberg catalog: configuration for engines only (no live calls)",
      capabilities,
      requirements,
      config_schema_json,
  };

  explicit hive_catalog(const boost::json::object& config) {
    uri_ = floe::sdk::required_string(config, "uri");
    name_ = floe::sdk::optional_string(config, "name").value_or("hive");
    warehouse_ = floe::sdk::optional_string(config, "warehouse").value_or("");
    hive2_ = flag(config, "hive2_compatible");
    kerberos_ = flag(config, "kerberos");
  }

  boost::json::value get_dbt_catalog_config(const boost::json::value& request) {
    floe::storage_common::refuse_unknown_keys(floe::sdk::as_object(request, "get_dbt_catalog_config request"), {});
    boost::json::object out{{"type", "hive"}, {"name", name_}, {"uri", uri_}};
    if (!warehouse_.empty()) out["warehouse"] = warehouse_;
    return out;
  }

  boost::json::value get_engine_config(const boost::json::value& request) {
    auto parsed = common::parse_engine_request(request);
    if (parsed.engine == "pyiceberg") {
      common::properties own{{"type", "hive"}, {"uri", uri_}};
      if (!warehouse_.empty()) own["warehouse"] = warehouse_;
      if (hive2_) own["hive.hive2-compatible"] = "true";
      if (kerberos_) own["hive.kerberos-authentication"] = "true";
      return common::pyiceberg_answer(parsed, own);
    }
    if (parsed.engine == "spark") {
      common::properties own{{"type", "hive"}, {"uri", uri_}};
      if (!warehouse_.empty()) own["warehouse"] = warehouse_;
      return common::spark_answer(parsed, name_, own);
    }
    throw error(FLOE_ERR_INVALID_STATE,
                "DuckDB cannot attach a Hive Metastore: its iceberg extension attaches Iceberg REST catalogs only, and "
                "a metastore speaks Thrift; use pyiceberg or Spark (their properties come from this method), or put "
                "an Iceberg REST server in front of the metastore and select catalog rest");
  }

 private:
  static bool flag(const boost::json::object& config, const char* key) {
    auto it = config.find(key);
    if (it == config.end() || it->value().is_null()) return false;
    if (!it->value().is_bool()) throw error(FLOE_ERR_INVALID_CONFIG, std::string("key '") + key + "': expected a boolean");
    return it->value().get_bool();
  }

  std::string uri_, name_, warehouse_;
  bool hive2_ = false;
  bool kerberos_ = false;
};

}  // namespace
}  // namespace floe::catalog_hive

FLOE_PLUGIN(floe::catalog_hive::hive_catalog)
