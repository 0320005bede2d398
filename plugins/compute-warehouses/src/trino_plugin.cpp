// The trino compute plugin: dbt on Trino through dbt-trino.
#include "trino.hpp"
#include "trino_schema.hpp"
#include "warehouse_plugin.hpp"

namespace floe::compute_warehouses {
namespace {

struct trino_engine {
  using config = trino_config;
  static constexpr const char* name = "trino";
  static constexpr const char* service = "Trino";
  static constexpr const char* description =
      "Runs dbt on Trino (dbt-trino): no auth, LDAP, JWT or a client "
      "certificate by secret reference";
  static constexpr const char* capabilities[] = {"dbt-adapter:trino", "iceberg-attach", "self-hosted", nullptr};
  static constexpr const char* schema_json = trino_schema_json;
  static constexpr auto judge = &judge_trino_info;
  static config parse(const boost::json::object& object) { return parse_trino_config(object); }
  static boost::json::object profile(const config& c, const profile_request& r) { return trino_profile(c, r); }
  // The lake target: dbt builds in the configured catalog, floe_lake
  // publishes to the Trino catalog of the platform's Iceberg catalog.
  static boost::json::object lake_profile(const config& c, const profile_request& r) {
    return trino_lake_profile(c, r);
  }
  static boost::json::array packages() { return trino_packages(); }
  static std::string endpoint(const config& c) { return trino_endpoint(c); }
  static boost::json::object catalog_sql(const config&, const boost::json::value& catalog) {
    return trino_catalog_sql(catalog);
  }
};

}  // namespace
}  // namespace floe::compute_warehouses

FLOE_PLUGIN(floe::compute_warehouses::warehouse_compute<floe::compute_warehouses::trino_engine>)
