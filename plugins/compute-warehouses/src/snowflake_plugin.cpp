// The snowflake compute plugin: dbt on Snowflake through dbt-snowflake.
#include "snowflake.hpp"
#include "snowflake_schema.hpp"
#include "warehouse_plugin.hpp"

namespace floe::compute_warehouses {
namespace {

struct snowflake_engine {
  using config = snowflake_config;
  static constexpr const char* name = "snowflake";
  static constexpr const char* service = "Snowflake";
  static constexpr const char* description =
      "Runs dbt on Snowflake (dbt-snowflake): password, key-pair or OAuth by "
      "secret reference";
  static constexpr const char* capabilities[] = {"dbt-adapter:snowflake", "iceberg-catalog-integration", "managed",
                                                 nullptr};
  static constexpr const char* schema_json = snowflake_schema_json;
  static constexpr const char* profile_note =
      "Snowflake reaches an Iceberg REST catalog through a catalog integration "
      "and a catalog-linked database, not "
      "through its dbt profile (get_catalog_attachment_sql gives the "
      "statements)";
  static constexpr std::nullptr_t judge = nullptr;
  static config parse(const boost::json::object& object) { return parse_snowflake_config(object); }
  static boost::json::object profile(const config& c, const profile_request& r) { return snowflake_profile(c, r); }
  static boost::json::array packages() { return snowflake_packages(); }
  static std::string endpoint(const config& c) { return snowflake_endpoint(c); }
  static boost::json::object catalog_sql(const config& c, const boost::json::value& catalog) {
    return snowflake_catalog_sql(c, catalog);
  }
};

}  // namespace
}  // namespace floe::compute_warehouses

FLOE_PLUGIN(floe::compute_warehouses::warehouse_compute<floe::compute_warehouses::snowflake_engine>)
