// The databricks compute plugin: dbt on Databricks through dbt-databricks.
#include "databricks.hpp"
#include "databricks_schema.hpp"
#include "warehouse_plugin.hpp"

namespace floe::compute_warehouses {
namespace {

struct databricks_engine {
  using config = databricks_config;
  static constexpr const char* name = "databricks";
  static constexpr const char* service = "Databricks";
  static constexpr const char* description =
      "Runs dbt on Databricks SQL warehouses (dbt-databricks, Unity Catalog): "
      "a token or OAuth M2M by secret "
      "reference";
  static constexpr const char* capabilities[] = {"dbt-adapter:databricks", "unity-catalog", "managed", nullptr};
  static constexpr const char* schema_json = databricks_schema_json;
  static constexpr const char* profile_note =
      "Databricks keeps its tables in Unity Catalog (its own Iceberg REST "
      "catalog), named by the configuration's "
      "'catalog', and attaches no other catalog through its dbt profile";
  static constexpr std::nullptr_t judge = nullptr;
  static config parse(const boost::json::object& object) { return parse_databricks_config(object); }
  static boost::json::object profile(const config& c, const profile_request& r) { return databricks_profile(c, r); }
  static boost::json::array packages() { return databricks_packages(); }
  static std::string endpoint(const config& c) { return databricks_endpoint(c); }
  static boost::json::object catalog_sql(const config&, const boost::json::value&) {
    throw floe::sdk::error(FLOE_ERR_NOT_IMPLEMENTED,
                           "Databricks serves Iceberg through Unity Catalog, "
                           "which is itself an Iceberg REST catalog; "
                           "name its catalog in the configuration ('catalog') "
                           "instead of attaching another");
  }
};

}  // namespace
}  // namespace floe::compute_warehouses

FLOE_PLUGIN(floe::compute_warehouses::warehouse_compute<floe::compute_warehouses::databricks_engine>)
