// The compute-duckdb plugin: dbt on DuckDB, optionally writing to an Iceberg
// REST catalog through DuckDB's iceberg extension. This file only binds the
// floe compute methods to the units that do the work.
#include <chrono>
#include <filesystem>

#include "catalog_attachment.hpp"
#include "config_schema.hpp"
#include "connection_check.hpp"
#include "duckdb_config.hpp"
#include "floe/plugin.hpp"
#include "ingestion_destination.hpp"
#include "profile_builder.hpp"
#include "resource_presets.hpp"

namespace floe::compute_duckdb {
namespace {

class duckdb_compute {
 public:
  static constexpr const char* capabilities[] = {"dbt-adapter:duckdb", "iceberg-attach", "self-hosted", nullptr};

  static constexpr floe_plugin_descriptor descriptor = {
      sizeof(floe_plugin_descriptor),
      FLOE_ABI_VERSION,
      FLOE_CATEGORY_COMPUTE,
      0,
      "duckdb",
      "0.1.0",
      "Runs dbt on DuckDB (dbt-duckdb), optionally attached to an Iceberg REST catalog",
      capabilities,
      nullptr,
      config_schema_json,
  };

  duckdb_compute(const boost::json::object& config, floe::sdk::host& host)
      : config_(parse_duckdb_config(config)), host_(host) {}

  boost::json::value generate_dbt_profile(const boost::json::value& request) {
    return build_dbt_profile(config_, parse_profile_request(request));
  }

  boost::json::value get_required_dbt_packages(const boost::json::value& request) {
    floe::sdk::as_object(request, "get_required_dbt_packages request");
    return {{"packages", required_dbt_packages()}};
  }

  boost::json::value validate_connection(const boost::json::value& request) {
    return to_validate_response(check(request, "validate_connection request"));
  }

  boost::json::value health_check(const boost::json::value& request) {
    return to_health_response(check(request, "health_check request"));
  }

  boost::json::value get_resource_requirements(const boost::json::value& request) {
    const auto& object = floe::sdk::as_object(request, "get_resource_requirements request");
    std::string size = floe::sdk::required_string(object, "workload_size");
    const resource_preset* preset = find_resource_preset(size);
    if (preset == nullptr)
      throw floe::sdk::error(FLOE_ERR_INVALID_ARGUMENT, "key 'workload_size': unknown size '" + size +
                                                            "'; valid sizes: " + resource_preset_names());
    return resource_requirements(*preset);
  }

  boost::json::value get_catalog_attachment_sql(const boost::json::value& request) {
    const auto& object = floe::sdk::as_object(request, "get_catalog_attachment_sql request");
    auto it = object.find("catalog");
    if (it == object.end()) throw floe::sdk::error(FLOE_ERR_INVALID_ARGUMENT, "missing required key 'catalog'");
    iceberg_catalog catalog = parse_iceberg_catalog(it->value());
    check_alias_available(catalog, main_database_name(config_.path));
    auto statements = attachment_sql(catalog);
    return {{"statements", boost::json::array(statements.begin(), statements.end())}};
  }

  // This plugin ships no dbt macros.
  boost::json::value get_dbt_macro_paths(const boost::json::value& request) {
    floe::sdk::as_object(request, "get_dbt_macro_paths request");
    return {{"paths", boost::json::array()}};
  }

  boost::json::value get_ingestion_destination(const boost::json::value& request) {
    return ingestion_destination(config_, request);
  }

 private:
  connection_report check(const boost::json::value& request, std::string_view what) {
    const auto& object = floe::sdk::as_object(request, what);
    auto timeout_ms = floe::sdk::optional_int(object, "timeout_ms");
    if (timeout_ms && *timeout_ms <= 0)
      throw floe::sdk::error(FLOE_ERR_INVALID_ARGUMENT, "key 'timeout_ms': must be above zero");
    std::chrono::milliseconds budget =
        timeout_ms ? std::chrono::milliseconds(*timeout_ms) : std::chrono::seconds(config_.timeout_seconds);
    return check_connection(config_, project_directory(), budget);
  }

  // dbt resolves a relative database path against the directory it runs in,
  // the project directory; the host knows it when it runs inside a project.
  std::filesystem::path project_directory() const {
    if (auto setting = host_.setting("floe.project_dir"); setting && setting->is_string())
      return std::string(setting->get_string());
    return std::filesystem::current_path();
  }

  duckdb_config config_;
  floe::sdk::host& host_;
};

}  // namespace
}  // namespace floe::compute_duckdb

FLOE_PLUGIN(floe::compute_duckdb::duckdb_compute)
