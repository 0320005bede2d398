#include "databricks.hpp"

namespace floe::compute_warehouses {

databricks_config parse_databricks_config(const boost::json::object& object) {
  boost::json::value root_value(object);
  config_reader root(root_value, "",
                     {"host", "http_path", "catalog", "schema", "auth", "session_properties", "connect_retries",
                      "connect_timeout", "threads", "preset", "timeout_ms"});
  databricks_config config;
  config.common = read_common_settings(root);
  // Left out, a key comes from the variables Databricks' own tools read.
  auto& from_env = config.common.from_env;
  config.host = root.string_or_env("host", "DATABRICKS_HOST", from_env);
  if (root.has("host") && (config.host.find("://") != std::string::npos || config.host.find('/') != std::string::npos))
    invalid_config("host",
                   "expected the workspace host without scheme or "
                   "path, such as adb-123.4.azuredatabricks.net");
  config.http_path = root.string_or_env("http_path", "DATABRICKS_HTTP_PATH", from_env);
  if (root.has("http_path") && !config.http_path.starts_with("/")) invalid_config("http_path", "expected a path starting with '/'");
  config.catalog = root.optional_string("catalog");
  config.schema = root.string_or_env("schema", "DATABRICKS_SCHEMA", from_env);
  // dbt-databricks refuses it too: the catalog is a key of its own.
  if (config.schema.find('.') != std::string::npos)
    invalid_config("schema", "must not contain '.'; give the catalog as 'catalog'");
  config.session_properties = root.optional_scalar_map("session_properties");
  if (config.session_properties && config.session_properties->contains("databricks.catalog"))
    invalid_config("session_properties.databricks.catalog", "give the catalog as 'catalog'");
  config.connect_retries = root.optional_int("connect_retries", 0, 10);
  config.connect_timeout = root.optional_int("connect_timeout", 1, 3600);

  // No auth: a personal access token from DATABRICKS_TOKEN.
  const boost::json::value bare_auth = {{"method", "token"}, {"token", "env:DATABRICKS_TOKEN"}};
  const boost::json::value* auth_value = root.find("auth");
  if (auth_value == nullptr) auth_value = &bare_auth;
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
