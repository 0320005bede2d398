#include "profile_builder.hpp"

#include <set>

#include "floe/plugin.hpp"
#include "lake_package.hpp"

namespace floe::compute_duckdb {
namespace {

using floe::sdk::error;

// The variables the runner of dbt must set, each from its reference.
boost::json::object environment_of(const iceberg_catalog& catalog) {
  boost::json::object env;
  for (const auto& credential : catalog.credentials) {
    auto [it, inserted] = env.emplace(credential.environment_name, credential.reference.text);
    if (!inserted && it->value().as_string() != credential.reference.text)
      throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'catalog.credentials." + credential.key + "': variable '" +
                                                 credential.environment_name +
                                                 "' would be set from two different references");
  }
  return env;
}

}  // namespace

std::string request_string(const boost::json::object& request, std::string_view key, bool required) {
  auto text = floe::sdk::optional_string(request, key);
  if (!text) {
    if (required) throw error(FLOE_ERR_INVALID_ARGUMENT, "missing required key '" + std::string(key) + "'");
    return {};
  }
  if (text->empty()) throw error(FLOE_ERR_INVALID_ARGUMENT, "key '" + std::string(key) + "': must not be empty");
  return *text;
}

profile_request parse_profile_request(const boost::json::value& value) {
  const auto& object = floe::sdk::as_object(value, "generate_dbt_profile request");
  static const std::set<std::string, std::less<>> known_keys = {"profile_name", "target", "schema", "catalog"};
  for (const auto& [key, item] : object)
    if (!known_keys.contains(key))
      throw error(FLOE_ERR_INVALID_ARGUMENT,
                  "unknown key '" + std::string(key) + "'; accepted keys: profile_name, target, schema, catalog");

  profile_request request;
  request.profile_name = request_string(object, "profile_name", true);
  request.target = request_string(object, "target", true);
  request.schema = request_string(object, "schema", false);
  if (request.schema.empty()) request.schema = "main";
  if (auto it = object.find("catalog"); it != object.end() && !it->value().is_null())
    request.catalog = parse_iceberg_catalog(it->value());
  return request;
}

boost::json::object build_dbt_profile(const duckdb_config& config, const profile_request& request) {
  boost::json::object output{
      {"type", "duckdb"},
      {"path", config.path},
      {"threads", config.threads},
      {"schema", request.schema},
  };

  std::set<std::string> extensions(config.extensions.begin(), config.extensions.end());
  if (request.catalog) extensions.insert(iceberg_extensions.begin(), iceberg_extensions.end());
  output["extensions"] = boost::json::array(extensions.begin(), extensions.end());

  boost::json::object settings;
  for (const auto& [name, value] : config.settings) settings[name] = value;
  output["settings"] = std::move(settings);

  if (config.access_mode) output["config_options"] = {{"access_mode", *config.access_mode}};
  if (config.external_root) output["external_root"] = *config.external_root;

  boost::json::object env;
  if (request.catalog) {
    const iceberg_catalog& catalog = *request.catalog;
    check_alias_available(catalog, main_database_name(config.path));
    if (catalog.authenticated()) output["secrets"] = boost::json::array{dbt_secret(catalog)};
    output["attach"] = boost::json::array{dbt_attachment(catalog)};
    env = environment_of(catalog);
  }
  boost::json::object answer{{"output", std::move(output)}, {"env", std::move(env)}};
  if (request.catalog) answer["dbt_package"] = lake_dbt_package(config.lake_writer == "floe");
  return answer;
}

boost::json::array required_dbt_packages() { return {"dbt-duckdb>=1.9.4", "duckdb>=1.4.0"}; }

}  // namespace floe::compute_duckdb
