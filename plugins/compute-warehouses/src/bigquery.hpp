// The bigquery plugin: dbt-bigquery profiles and a reachability check of the
// BigQuery API endpoint. BigQuery attaches no Iceberg REST catalog by SQL:
// get_catalog_attachment_sql answers NOT_IMPLEMENTED and says why.
#ifndef FLOE_COMPUTE_WAREHOUSES_BIGQUERY_HPP
#define FLOE_COMPUTE_WAREHOUSES_BIGQUERY_HPP

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "warehouse_config.hpp"
#include "warehouse_request.hpp"
#include "warehouse_secret.hpp"

namespace floe::compute_warehouses {

struct bigquery_config {
  std::string project, dataset;
  std::string method;  // service-account-json, service-account or oauth
  std::optional<secret_reference> keyfile_json, keyfile;
  std::optional<std::string> location, priority, execution_project, impersonate_service_account, api_endpoint;
  std::optional<std::int64_t> maximum_bytes_billed, job_execution_timeout_seconds, job_creation_timeout_seconds,
      job_retries, job_retry_deadline_seconds;
  common_settings common;
};

// Throws floe::sdk::error(FLOE_ERR_INVALID_CONFIG) naming the key.
bigquery_config parse_bigquery_config(const boost::json::object& config);

// {"output": {...}, "env": {NAME: reference}}. The key's JSON text reaches
// keyfile_json through env_var(...) | as_native, which dbt turns into the
// mapping the adapter takes.
boost::json::object bigquery_profile(const bigquery_config& config, const profile_request& request);

boost::json::array bigquery_packages();

// api_endpoint, else https://bigquery.googleapis.com/.
std::string bigquery_endpoint(const bigquery_config& config);

}  // namespace floe::compute_warehouses

#endif  // FLOE_COMPUTE_WAREHOUSES_BIGQUERY_HPP
