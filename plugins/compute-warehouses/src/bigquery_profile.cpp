#include "bigquery.hpp"

namespace floe::compute_warehouses {

boost::json::object bigquery_profile(const bigquery_config& config, const profile_request& request) {
  profile_secrets secrets("bigquery");
  boost::json::object output{{"type", "bigquery"},
                             {"method", config.method},
                             {"project", config.project},
                             {"dataset", request.schema.value_or(config.dataset)},
                             {"threads", config.common.threads}};
  // as_native: dbt evaluates the rendered JSON text into the mapping
  // keyfile_json must be (a service account key holds strings only).
  if (config.keyfile_json)
    output["keyfile_json"] = secrets.placeholder(*config.keyfile_json, "keyfile_json", "as_native");
  if (config.keyfile) output["keyfile"] = config.keyfile->target;
  if (config.location) output["location"] = *config.location;
  if (config.priority) output["priority"] = *config.priority;
  if (config.execution_project) output["execution_project"] = *config.execution_project;
  if (config.impersonate_service_account) output["impersonate_service_account"] = *config.impersonate_service_account;
  if (config.maximum_bytes_billed) output["maximum_bytes_billed"] = *config.maximum_bytes_billed;
  if (config.job_execution_timeout_seconds)
    output["job_execution_timeout_seconds"] = *config.job_execution_timeout_seconds;
  if (config.job_creation_timeout_seconds)
    output["job_creation_timeout_seconds"] = *config.job_creation_timeout_seconds;
  if (config.job_retries) output["job_retries"] = *config.job_retries;
  if (config.job_retry_deadline_seconds) output["job_retry_deadline_seconds"] = *config.job_retry_deadline_seconds;
  if (config.api_endpoint) output["api_endpoint"] = *config.api_endpoint;
  return {{"output", std::move(output)}, {"env", secrets.env()}};
}

boost::json::array bigquery_packages() { return {"dbt-bigquery>=1.12,<1.13"}; }

std::string bigquery_endpoint(const bigquery_config& config) {
  std::string url = config.api_endpoint.value_or("https://bigquery.googleapis.com");
  return url.ends_with('/') ? url : url + "/";
}

}  // namespace floe::compute_warehouses
