// Binds the floe compute methods to one engine's units: each plugin's .cpp
// defines an Engine (its name, schema, and functions) and exports
// warehouse_compute<Engine>. An Engine provides:
//   config, name, description, capabilities, schema_json, profile_note,
//   parse(object) -> config, profile(config, profile_request) -> object,
//   packages() -> array, endpoint(config) -> URL, judge (an answer_judge or
//   nullptr), catalog_sql(config, catalog) -> object.
// An Engine that publishes to the lake itself (trino) also provides
// lake_profile(config, profile_request) -> object, for requests with a
// catalog; the others refuse the catalog with profile_note.
#ifndef FLOE_COMPUTE_WAREHOUSES_WAREHOUSE_PLUGIN_HPP
#define FLOE_COMPUTE_WAREHOUSES_WAREHOUSE_PLUGIN_HPP

#include "endpoint_probe.hpp"
#include "floe/plugin.hpp"
#include "warehouse_presets.hpp"
#include "warehouse_request.hpp"

namespace floe::compute_warehouses {

template <class Engine>
class warehouse_compute {
 public:
  static constexpr floe_plugin_descriptor descriptor = {
      sizeof(floe_plugin_descriptor),
      FLOE_ABI_VERSION,
      FLOE_CATEGORY_COMPUTE,
      0,
      Engine::name,
      "0.1.0",
      Engine::description,
      Engine::capabilities,
      nullptr,
      Engine::schema_json,
  };

  explicit warehouse_compute(const boost::json::object& config) : config_(Engine::parse(config)) {}

  boost::json::value generate_dbt_profile(const boost::json::value& request) {
    boost::json::object answer = profile_answer(request);
    // The standard variables a bare configuration reads: floe run names
    // each one unset before dbt starts.
    boost::json::value& env = answer["env"];
    if (!env.is_object()) env = boost::json::object();
    for (const auto& variable : config_.common.from_env) env.as_object()[variable] = "env:" + variable;
    return answer;
  }

 private:
  boost::json::object profile_answer(const boost::json::value& request) {
    if constexpr (requires(const typename Engine::config& c, const profile_request& r) { Engine::lake_profile(c, r); }) {
      profile_request parsed = parse_lake_profile_request(request);
      return parsed.catalog ? Engine::lake_profile(config_, parsed) : Engine::profile(config_, parsed);
    } else {
      return Engine::profile(config_, parse_profile_request(request, Engine::profile_note));
    }
  }

 public:

  boost::json::value get_required_dbt_packages(const boost::json::value& request) {
    checked_request(request, "get_required_dbt_packages request", {});
    return {{"packages", Engine::packages()}};
  }

  boost::json::value validate_connection(const boost::json::value& request) {
    return to_validate_response(probe(request, "validate_connection request"));
  }

  boost::json::value health_check(const boost::json::value& request) {
    return to_health_response(probe(request, "health_check request"));
  }

  boost::json::value get_resource_requirements(const boost::json::value& request) {
    return resource_requirements_for(request);
  }

  boost::json::value get_catalog_attachment_sql(const boost::json::value& request) {
    return Engine::catalog_sql(config_, catalog_of(request));
  }

  // These plugins ship no dbt macros.
  boost::json::value get_dbt_macro_paths(const boost::json::value& request) {
    checked_request(request, "get_dbt_macro_paths request", {});
    return {{"paths", boost::json::array()}};
  }

 private:
  probe_report probe(const boost::json::value& request, std::string_view what) {
    auto budget = check_budget(request, what, config_.common.check_timeout);
    // A bare configuration's endpoint comes from the environment.
    std::vector<std::string> missing;
    std::string url = expand_env_placeholders(Engine::endpoint(config_), missing);
    if (!missing.empty()) {
      probe_report unset;
      unset.status = "unhealthy";
      unset.message = std::string(Engine::service) + "'s endpoint comes from the environment, and " +
                      missing.front() + " is not set";
      return unset;
    }
    return probe_endpoint(Engine::service, url, budget, Engine::judge);
  }

  typename Engine::config config_;
};

}  // namespace floe::compute_warehouses

#endif  // FLOE_COMPUTE_WAREHOUSES_WAREHOUSE_PLUGIN_HPP
