#include "databricks.hpp"

namespace floe::compute_warehouses {

databricks_config parse_databricks_config(const boost::json::object& object) {
  boost::json::value root_value(object);
  config_reader root(root_value, "",
                     {"host", "http_path", "catalog", "schema", "auth", "session_properties", "connect_retries",
                      "connect_timeout", "threads", "preset", "timeout_ms"});
  databricks_config config;
  config.host = root.required_string("host");
  if (config.host.find("://") != std::string::npos || config.host.find('/') != std::string::npos)
    invalid_config("host",
                   "expected the workspace host without scheme or "
                   "path, such as adb-123.4.azuredatabricks.net");
  config.http_path = root.required_string("http_path");
  if (!config.http_path.starts_with("/")) invalid_config("http_path", "expected a path starting with '/'");
  config.catalog = root.optional_string("catalog");
  config.schema = root.required_string("schema");
  // dbt-databricks refuses it too: the catalog is a key of its own.
  if (config.schema.find('.') != std::string::npos)
    invalid_config("schema", "must not contain '.'; give the catalog as 'catalog'");
  config.session_properties = root.optional_scalar_map("session_properties");
  if (config.session_properties && config.session_properties->contains("databricks.catalog"))
    invalid_config("session_properties.databricks.catalog", "give the catalog as 'catalog'");
  config.connect_retries = root.optional_int("connect_retries", 0, 10);
  config.connect_timeout = root.optional_int("connect_timeout", 1, 3600);
  config.common = read_common_settings(root);

  const boost::json::value* auth_value = root.find("auth");
  if (auth_value == nullptr) invalid_config("auth", "is required");
  config_reader auth(*auth_value, "auth.", {"method", "token", "client_id", "client_secret"});
  auto method = auth.optional_choice("method", {"token", "oauth-m2m"});
  if (!method) invalid_config("auth.method", "is required (token or oauth-m2m)");
  config.method = *method;
  std::string by = "auth.method " + config.method;
  if (config.method == "token") {
    for (std::string_view key : {"client_id", "client_secret"})
      if (auth.has(key)) invalid_config(auth.path(key), "is not used by " + by);
    config.token = required_secret(auth, "token", by);
  } else {
    if (auth.has("token")) invalid_config("auth.token", "is not used by " + by);
    config.client_id = auth.optional_string("client_id");
    if (!config.client_id) invalid_config("auth.client_id", "is required by " + by);
    config.client_secret = required_secret(auth, "client_secret", by);
  }
  return config;
}

}  // namespace floe::compute_warehouses
