#include "bigquery.hpp"

namespace floe::compute_warehouses {

bigquery_config parse_bigquery_config(const boost::json::object& object) {
  boost::json::value root_value(object);
  config_reader root(
      root_value, "",
      {"project", "dataset", "auth", "location", "priority", "execution_project", "impersonate_service_account",
       "maximum_bytes_billed", "job_execution_timeout_seconds", "job_creation_timeout_seconds", "job_retries",
       "job_retry_deadline_seconds", "api_endpoint", "threads", "preset", "timeout_ms"});
  bigquery_config config;
  config.common = read_common_settings(root);
  // Left out, a key comes from the usual variables (Google's project variable).
  config.project = root.string_or_env("project", "GOOGLE_CLOUD_PROJECT", config.common.from_env);
  config.dataset = root.string_or_env("dataset", "BIGQUERY_DATASET", config.common.from_env);
  config.location = root.optional_string("location");
  config.priority = root.optional_choice("priority", {"interactive", "batch"});
  config.execution_project = root.optional_string("execution_project");
  config.impersonate_service_account = root.optional_string("impersonate_service_account");
  config.maximum_bytes_billed = root.optional_int("maximum_bytes_billed", 1, INT64_MAX);
  config.job_execution_timeout_seconds = root.optional_int("job_execution_timeout_seconds", 1, 86400);
  config.job_creation_timeout_seconds = root.optional_int("job_creation_timeout_seconds", 1, 3600);
  config.job_retries = root.optional_int("job_retries", 0, 10);
  config.job_retry_deadline_seconds = root.optional_int("job_retry_deadline_seconds", 1, 86400);
  config.api_endpoint = root.optional_string("api_endpoint");
  if (config.api_endpoint && !config.api_endpoint->starts_with("https://") &&
      !config.api_endpoint->starts_with("http://"))
    invalid_config("api_endpoint", "expected an http:// or https:// URL");

  // No auth: Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS
  // or gcloud's login), dbt-bigquery's oauth method.
  const boost::json::value bare_auth = {{"method", "oauth"}};
  const boost::json::value* auth_value = root.find("auth");
  if (auth_value == nullptr) auth_value = &bare_auth;
  config_reader auth(*auth_value, "auth.", {"method", "keyfile_json", "keyfile"});
  auto method = auth.optional_choice("method", {"service-account-json", "service-account", "oauth"});
  if (!method) invalid_config("auth.method", "is required (service-account-json, service-account or oauth)");
  config.method = *method;
  std::string by = "auth.method " + config.method;
  if (config.method != "service-account-json" && auth.has("keyfile_json"))
    invalid_config("auth.keyfile_json", "is not used by " + by);
  if (config.method != "service-account" && auth.has("keyfile")) invalid_config("auth.keyfile", "is not used by " + by);
  if (config.method == "service-account-json") config.keyfile_json = required_secret(auth, "keyfile_json", by);
  if (config.method == "service-account") {
    config.keyfile = required_secret(auth, "keyfile", by);
    secret_file_path(*config.keyfile, "auth.keyfile");
  }
  return config;
}

}  // namespace floe::compute_warehouses
