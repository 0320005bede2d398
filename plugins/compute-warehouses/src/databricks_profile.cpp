#include "databricks.hpp"

namespace floe::compute_warehouses {

boost::json::object databricks_profile(const databricks_config& config, const profile_request& request) {
  profile_secrets secrets("databricks");
  boost::json::object output{{"type", "databricks"}};
  if (config.catalog) output["catalog"] = *config.catalog;
  output["schema"] = request.schema.value_or(config.schema);
  output["host"] = config.host;
  output["http_path"] = config.http_path;
  output["threads"] = config.common.threads;
  if (config.method == "token") {
    output["token"] = secrets.placeholder(*config.token, "token");
  } else {
    // dbt-databricks' auth_type oauth with a client secret is M2M: the
    // service principal's credentials, no browser.
    output["auth_type"] = "oauth";
    output["client_id"] = *config.client_id;
    output["client_secret"] = secrets.placeholder(*config.client_secret, "client_secret");
  }
  if (config.session_properties) output["session_properties"] = *config.session_properties;
  if (config.connect_retries) output["connect_retries"] = *config.connect_retries;
  if (config.connect_timeout) output["connect_timeout"] = *config.connect_timeout;
  return {{"output", std::move(output)}, {"env", secrets.env()}};
}

boost::json::array databricks_packages() { return {"dbt-databricks>=1.12,<1.13"}; }

std::string databricks_endpoint(const databricks_config& config) { return "https://" + config.host + "/"; }

}  // namespace floe::compute_warehouses
