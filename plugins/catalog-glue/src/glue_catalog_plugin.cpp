// The catalog-glue plugin: an AWS Glue Data Catalog as the lakehouse's
// Iceberg catalog, as configuration only. floe has no Glue client (and no
// Glue to test one against), so the plugin produces what engines need to
// reach Glue themselves (pyiceberg's and Spark's catalog properties, the
// compute's catalog block) and refuses the methods that need a live catalog
// (offline_catalog.hpp). Its tables' files live on S3: it requires a storage
// plugin speaking the S3 API.
#include <map>
#include <string>

#include "engine_config.hpp"
#include "floe/plugin.hpp"
#include "offline_catalog.hpp"
#include "storage_request.hpp"

namespace floe::catalog_glue {
namespace {

namespace common = floe::catalog_common;
using floe::sdk::error;

inline constexpr char config_schema_json[] = R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "name": {
      "type": "string",
      "pattern": "^[a-z_][a-z0-9_]*$",
      "maxLength": 63,
      "default": "glue",
      "description": "The catalog's name in engines (spark.sql.catalog.<name>, the attached database)."
    },
    "region": {
      "type": "string",
      "pattern": "^[a-z0-9-]{1,32}$",
      "default": "us-east-1",
      "description": "The AWS region of the Glue Data Catalog."
    },
    "catalog_id": {
      "type": "string",
      "pattern": "^[0-9]{12}$",
      "description": "The Glue catalog's id: the AWS account id that owns it (absent: the caller's account)."
    },
    "warehouse": {
      "type": "string",
      "pattern": "^s3a?://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/[^\\s]*)?$",
      "description": "Where new tables' files go (s3://bucket/prefix) when a database names no location."
    },
    "endpoint": {
      "type": "string",
      "pattern": "^https://[^/\\s?#@]+/?$",
      "description": "A Glue endpoint other than the region's (a VPC endpoint)."
    }
  }
})json";

class glue_catalog : public common::offline_methods<glue_catalog> {
 public:
  // Named in the refusals of the live methods (offline_methods).
  static constexpr const char* kCatalog = "AWS Glue";
  static constexpr const char* kPlugin = "catalog-glue";

  static constexpr const char* capabilities[] = {"glue", "iceberg-catalog", "config-only", nullptr};
  static constexpr const char* requirements[] = {"storage:s3-compatible", nullptr};

  static constexpr floe_plugin_descriptor descriptor = {
      sizeof(floe_plugin_descriptor),
      FLOE_ABI_VERSION,
      FLOE_CATEGORY_CATALOG,
      0,
      "glue",
      "0.1.0",
      "AWS Glue Data Catalog as the Iceberg catalog: configuration for engines only (no live calls)",
      capabilities,
      requirements,
      config_schema_json,
  };

  explicit glue_catalog(const boost::json::object& config) {
    name_ = floe::sdk::optional_string(config, "name").value_or("glue");
    region_ = floe::sdk::optional_string(config, "region").value_or("us-east-1");
    catalog_id_ = floe::sdk::optional_string(config, "catalog_id").value_or("");
    warehouse_ = floe::sdk::optional_string(config, "warehouse").value_or("");
    endpoint_ = floe::sdk::optional_string(config, "endpoint").value_or("");
    while (!endpoint_.empty() && endpoint_.back() == '/') endpoint_.pop_back();
  }

  boost::json::value get_dbt_catalog_config(const boost::json::value& request) {
    floe::storage_common::refuse_unknown_keys(floe::sdk::as_object(request, "get_dbt_catalog_config request"), {});
    boost::json::object out{{"type", "glue"}, {"name", name_}, {"uri", service_url()}};
    if (!warehouse_.empty()) out["warehouse"] = warehouse_;
    return out;
  }

  boost::json::value get_engine_config(const boost::json::value& request) {
    auto parsed = common::parse_engine_request(request);
    if (parsed.engine == "pyiceberg") {
      common::properties own{{"type", "glue"}, {"glue.region", region_}};
      if (!catalog_id_.empty()) own["glue.id"] = catalog_id_;
      if (!endpoint_.empty()) own["glue.endpoint"] = endpoint_;
      if (!warehouse_.empty()) own["warehouse"] = warehouse_;
      return common::pyiceberg_answer(parsed, own);
    }
    if (parsed.engine == "spark") {
      common::properties own{{"type", "glue"}, {"client.region", region_}, {"io-impl", "org.apache.iceberg.aws.s3.S3FileIO"}};
      if (!catalog_id_.empty()) own["glue.id"] = catalog_id_;
      if (!endpoint_.empty()) own["glue.endpoint"] = endpoint_;
      if (!warehouse_.empty()) own["warehouse"] = warehouse_;
      return common::spark_answer(parsed, name_, own);
    }
    throw error(FLOE_ERR_INVALID_STATE,
                "DuckDB cannot attach AWS Glue through floe: its iceberg extension attaches Iceberg REST catalogs, and "
                "Glue's own REST endpoint needs DuckDB's aws extension (SigV4), which floe does not ship; select "
                "catalog rest with uri https://glue." + region_ + ".amazonaws.com/iceberg instead, or use pyiceberg or Spark");
  }

 private:
  std::string service_url() const { return endpoint_.empty() ? "https://glue." + region_ + ".amazonaws.com" : endpoint_; }

  std::string name_, region_, catalog_id_, warehouse_, endpoint_;
};

}  // namespace
}  // namespace floe::catalog_glue

FLOE_PLUGIN(floe::catalog_glue::glue_catalog)
