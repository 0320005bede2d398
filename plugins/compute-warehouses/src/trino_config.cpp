#include "trino.hpp"

namespace floe::compute_warehouses {
namespace {

// The auth keys each method takes; others are refused.
bool uses(const std::string& method, std::string_view key) {
  if (key == "password") return method == "ldap";
  if (key == "jwt_token") return method == "jwt";
  return method == "certificate";  // client_certificate, client_private_key
}

}  // namespace

trino_config parse_trino_config(const boost::json::object& object) {
  boost::json::value root_value(object);
  config_reader root(root_value, "",
                     {"host", "port", "user", "catalog", "schema", "http_scheme", "session_properties", "auth",
                      "threads", "preset", "timeout_ms"});
  trino_config config;
  config.common = read_common_settings(root);
  // Left out, a key comes from the TRINO_* variables (the port from
  // TRINO_PORT: port stays 0).
  auto& from_env = config.common.from_env;
  config.host = root.string_or_env("host", "TRINO_HOST", from_env);
  if (auto port = root.optional_int("port", 1, 65535))
    config.port = *port;
  else
    from_env.emplace_back("TRINO_PORT");
  config.user = root.optional_string("user");
  config.catalog = root.string_or_env("catalog", "TRINO_CATALOG", from_env);
  config.schema = root.string_or_env("schema", "TRINO_SCHEMA", from_env);
  config.http_scheme = root.optional_choice("http_scheme", {"http", "https"});
  config.session_properties = root.optional_scalar_map("session_properties");

  // No auth: a cluster without authentication (method none).
  const boost::json::value bare_auth = {{"method", "none"}};
  const boost::json::value* auth_value = root.find("auth");
  if (auth_value == nullptr) auth_value = &bare_auth;
  config_reader auth(*auth_value, "auth.",
                     {"method", "password", "jwt_token", "client_certificate", "client_private_key"});
  auto method = auth.optional_choice("method", {"none", "ldap", "jwt", "certificate"});
  if (!method) invalid_config("auth.method", "is required (none, ldap, jwt or certificate)");
  config.method = *method;
  std::string by = "auth.method " + config.method;
  for (std::string_view key : {"password", "jwt_token", "client_certificate", "client_private_key"})
    if (auth.has(key) && !uses(config.method, key)) invalid_config(auth.path(key), "is not used by " + by);
  // dbt-trino's other methods always speak https.
  if (config.http_scheme && config.method != "none")
    invalid_config("http_scheme", "applies to auth.method none only; " + by + " always uses https");
  if (config.method == "ldap") config.password = required_secret(auth, "password", by);
  if (config.method == "jwt") config.jwt_token = required_secret(auth, "jwt_token", by);
  if (config.method == "certificate") {
    config.client_certificate = auth.optional_string("client_certificate");
    if (!config.client_certificate || !config.client_certificate->starts_with("/"))
      invalid_config("auth.client_certificate", "is required by " + by + " (an absolute path)");
    config.client_private_key = required_secret(auth, "client_private_key", by);
    secret_file_path(*config.client_private_key, "auth.client_private_key");
  }
  if ((config.method == "none" || config.method == "ldap") && !config.user)
    config.user = root.string_or_env("user", "TRINO_USER", from_env);
  return config;
}

}  // namespace floe::compute_warehouses
