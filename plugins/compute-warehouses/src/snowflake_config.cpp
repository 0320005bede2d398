#include "snowflake.hpp"

namespace floe::compute_warehouses {
namespace {

// Which auth keys each method takes; any other is refused, so a profile
// never carries a setting its method ignores.
void check_auth_keys(const config_reader& auth, const std::string& method) {
  auto refuse_unless = [&](std::string_view key, bool allowed) {
    if (!allowed && auth.has(key)) invalid_config(auth.path(key), "is not used by auth.method " + method);
  };
  refuse_unless("password", method == "password");
  refuse_unless("private_key", method == "keypair");
  refuse_unless("private_key_passphrase", method == "keypair");
  refuse_unless("token", method == "oauth");
  refuse_unless("oauth_client_id", method == "oauth");
  refuse_unless("oauth_client_secret", method == "oauth");
}

}  // namespace

snowflake_config parse_snowflake_config(const boost::json::object& object) {
  boost::json::value root_value(object);
  config_reader root(
      root_value, "",
      {"account", "user", "role", "database", "warehouse", "schema", "auth", "query_tag", "connect_retries",
       "connect_timeout", "host", "port", "protocol", "external_volume", "threads", "preset", "timeout_ms"});
  snowflake_config config;
  config.common = read_common_settings(root);
  // Left out, a key comes from dbt-snowflake's usual variables.
  auto& from_env = config.common.from_env;
  config.account = root.string_or_env("account", "SNOWFLAKE_ACCOUNT", from_env);
  config.database = root.string_or_env("database", "SNOWFLAKE_DATABASE", from_env);
  config.warehouse = root.string_or_env("warehouse", "SNOWFLAKE_WAREHOUSE", from_env);
  config.schema = root.string_or_env("schema", "SNOWFLAKE_SCHEMA", from_env);
  config.user = root.optional_string("user");
  config.role = root.optional_string("role");
  config.query_tag = root.optional_string("query_tag");
  config.connect_retries = root.optional_int("connect_retries", 0, 10);
  config.connect_timeout = root.optional_int("connect_timeout", 1, 3600);
  config.host = root.optional_string("host");
  config.port = root.optional_int("port", 1, 65535);
  config.protocol = root.optional_choice("protocol", {"https", "http"});
  config.external_volume = root.optional_string("external_volume");
  if (!config.host && (config.port || config.protocol))
    invalid_config(config.port ? "port" : "protocol", "needs host (the account's endpoint has its own)");

  // No auth: a password from SNOWFLAKE_PASSWORD.
  const boost::json::value bare_auth = {{"method", "password"}, {"password", "env:SNOWFLAKE_PASSWORD"}};
  const boost::json::value* auth_value = root.find("auth");
  if (auth_value == nullptr) auth_value = &bare_auth;
  config_reader auth(*auth_value, "auth.",
                     {"method", "password", "private_key", "private_key_passphrase", "token", "oauth_client_id",
                      "oauth_client_secret"});
  auto method = auth.optional_choice("method", {"password", "keypair", "oauth"});
  if (!method) invalid_config("auth.method", "is required (password, keypair or oauth)");
  config.method = *method;
  check_auth_keys(auth, config.method);
  std::string by = "auth.method " + config.method;
  if (config.method == "password") {
    config.password = required_secret(auth, "password", by);
  } else if (config.method == "keypair") {
    config.private_key = required_secret(auth, "private_key", by);
    config.private_key_passphrase = optional_secret(auth, "private_key_passphrase");
  } else {
    config.token = required_secret(auth, "token", by);
    config.oauth_client_id = optional_secret(auth, "oauth_client_id");
    config.oauth_client_secret = optional_secret(auth, "oauth_client_secret");
    // dbt-snowflake trades a refresh token only with both; with one it
    // warns and sends the token as an access token.
    if (config.oauth_client_id.has_value() != config.oauth_client_secret.has_value())
      invalid_config(config.oauth_client_id ? "auth.oauth_client_secret" : "auth.oauth_client_id",
                     "oauth_client_id and oauth_client_secret go together");
  }
  // Only OAuth identifies the user through its token.
  if (config.method != "oauth" && !config.user) config.user = root.string_or_env("user", "SNOWFLAKE_USER", from_env);
  return config;
}

}  // namespace floe::compute_warehouses
