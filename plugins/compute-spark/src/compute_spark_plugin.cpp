// The compute-spark plugin: dbt on Spark through dbt-spark, in the dbt
// process (method session: local mode, or a cluster through the master) or
// against a Spark Thrift server or Databricks cluster, optionally with an
// Iceberg REST catalog as the session's default catalog. This file only
// binds the floe compute methods to the units that do the work.
#include "floe/plugin.hpp"
#include "spark_catalog.hpp"
#include "spark_check.hpp"
#include "spark_config.hpp"
#include "spark_presets.hpp"
#include "spark_profile.hpp"
#include "spark_schema.hpp"
#include "warehouse_request.hpp"

namespace floe::compute_spark {
namespace {

class spark_compute {
 public:
  static constexpr const char* capabilities[] = {"dbt-adapter:spark", "iceberg-attach", "distributed", nullptr};

  static constexpr floe_plugin_descriptor descriptor = {
      sizeof(floe_plugin_descriptor),
      FLOE_ABI_VERSION,
      FLOE_CATEGORY_COMPUTE,
      0,
      "spark",
      "0.1.0",
      "Runs dbt on Apache Spark (dbt-spark): in-process sessions (local or a cluster), Thrift or Databricks",
      capabilities,
      nullptr,
      spark_schema_json,
  };

  explicit spark_compute(const boost::json::object& config) : config_(parse_spark_config(config)) {}

  boost::json::value generate_dbt_profile(const boost::json::value& request) {
    return spark_profile(config_, parse_spark_profile_request(request));
  }

  boost::json::value get_required_dbt_packages(const boost::json::value& request) {
    compute_warehouses::checked_request(request, "get_required_dbt_packages request", {});
    return {{"packages", spark_packages(config_)}};
  }

  boost::json::value validate_connection(const boost::json::value& request) {
    return compute_warehouses::to_validate_response(check(request, "validate_connection request"));
  }

  boost::json::value health_check(const boost::json::value& request) {
    return compute_warehouses::to_health_response(check(request, "health_check request"));
  }

  boost::json::value get_resource_requirements(const boost::json::value& request) {
    return spark_resource_requirements(request);
  }

  boost::json::value get_catalog_attachment_sql(const boost::json::value& request) {
    auto statements = spark_catalog_sql(parse_spark_catalog(compute_warehouses::catalog_of(request)));
    return {{"statements", boost::json::array(statements.begin(), statements.end())}};
  }

  // Iceberg tables come from the session's default catalog, not from
  // materializations: no macros.
  boost::json::value get_dbt_macro_paths(const boost::json::value& request) {
    compute_warehouses::checked_request(request, "get_dbt_macro_paths request", {});
    return {{"paths", boost::json::array()}};
  }

 private:
  compute_warehouses::probe_report check(const boost::json::value& request, std::string_view what) {
    auto budget = compute_warehouses::check_budget(request, what, config_.check_timeout);
    return check_spark(config_, java_search_from_environment(), budget);
  }

  spark_config config_;
};

}  // namespace
}  // namespace floe::compute_spark

FLOE_PLUGIN(floe::compute_spark::spark_compute)
