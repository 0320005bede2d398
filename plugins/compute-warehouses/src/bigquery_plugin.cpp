// The bigquery compute plugin: dbt on BigQuery through dbt-bigquery.
#include "bigquery.hpp"
#include "bigquery_schema.hpp"
#include "warehouse_plugin.hpp"

namespace floe::compute_warehouses {
namespace {

struct bigquery_engine {
  using config = bigquery_config;
  static constexpr const char* name = "bigquery";
  static constexpr const char* service = "BigQuery";
  static constexpr const char* description =
      "Runs dbt on BigQuery (dbt-bigquery): a service account key by secret "
      "reference, or Application Default "
      "Credentials";
  static constexpr const char* capabilities[] = {"dbt-adapter:bigquery", "managed", nullptr};
  static constexpr const char* schema_json = bigquery_schema_json;
  static constexpr const char* profile_note =
      "BigQuery does not attach an Iceberg REST catalog through its dbt "
      "profile (its Iceberg tables live in BigLake "
      "and its own metastore)";
  static constexpr std::nullptr_t judge = nullptr;
  static config parse(const boost::json::object& object) { return parse_bigquery_config(object); }
  static boost::json::object profile(const config& c, const profile_request& r) { return bigquery_profile(c, r); }
  static boost::json::array packages() { return bigquery_packages(); }
  static std::string endpoint(const config& c) { return bigquery_endpoint(c); }
  static boost::json::object catalog_sql(const config&, const boost::json::value&) {
    throw floe::sdk::error(FLOE_ERR_NOT_IMPLEMENTED,
                           "BigQuery has no SQL that attaches an Iceberg REST catalog: its "
                           "Iceberg tables are BigLake "
                           "tables in BigQuery's own metastore, set up outside dbt");
  }
};

}  // namespace
}  // namespace floe::compute_warehouses

FLOE_PLUGIN(floe::compute_warehouses::warehouse_compute<floe::compute_warehouses::bigquery_engine>)
