// The JSON Schema of the bigquery plugin's configuration, as published in
// its descriptor; bigquery_config.cpp checks everything again.
#ifndef FLOE_COMPUTE_WAREHOUSES_BIGQUERY_SCHEMA_HPP
#define FLOE_COMPUTE_WAREHOUSES_BIGQUERY_SCHEMA_HPP

#include "warehouse_schema.hpp"

namespace floe::compute_warehouses {

inline constexpr char bigquery_schema_json[] =
    R"json({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "project": {"type": "string", "pattern": "^[a-z][a-z0-9.:-]*$", "description": "Google Cloud project that holds the datasets dbt builds into. Absent: read from GOOGLE_CLOUD_PROJECT when dbt runs."},
    "dataset": {"type": "string", "pattern": "^[A-Za-z0-9_]+$", "description": "Dataset dbt builds into unless the request names one. Absent: read from BIGQUERY_DATASET when dbt runs."},
    "auth": {
      "type": "object",
      "additionalProperties": false,
      "required": ["method"],
      "description": "How dbt signs in to Google Cloud. Secrets are references (env:NAME, file:/path, {env: NAME} or {file: /path}), never values. Absent: auth.method oauth (Application Default Credentials: GOOGLE_APPLICATION_CREDENTIALS or gcloud).",
      "properties": {
        "method": {"type": "string", "enum": ["service-account-json", "service-account", "oauth"], "description": "service-account-json: the key's JSON text from a secret (keyfile_json); service-account: the key file's path (keyfile); oauth: Application Default Credentials (GKE Workload Identity, the metadata server, gcloud), no secret."},
        "keyfile_json": {)json" FLOE_WAREHOUSE_SECRET_REF
    R"json(, "description": "service-account-json: the service account key's JSON text."},
        "keyfile": {)json" FLOE_WAREHOUSE_SECRET_REF
    R"json(, "description": "service-account: file:/path of the service account key file (a mounted Secret)."}
      }
    },
    "location": {"type": "string", "minLength": 1, "description": "Where dbt's jobs run and datasets are created (US, EU, europe-west1, ...)."},
    "priority": {"type": "string", "enum": ["interactive", "batch"], "description": "Query priority."},
    "execution_project": {"type": "string", "pattern": "^[a-z][a-z0-9.:-]*$", "description": "Project billed for the queries, when not project."},
    "impersonate_service_account": {"type": "string", "minLength": 1, "description": "Service account (email) the credentials impersonate."},
    "maximum_bytes_billed": {"type": "integer", "minimum": 1, "description": "Queries that would bill more bytes fail."},
    "job_execution_timeout_seconds": {"type": "integer", "minimum": 1, "maximum": 86400, "description": "Longest a query may run."},
    "job_creation_timeout_seconds": {"type": "integer", "minimum": 1, "maximum": 3600, "description": "Longest the creation of a job may take."},
    "job_retries": {"type": "integer", "minimum": 0, "maximum": 10, "description": "Retries of a failed job."},
    "job_retry_deadline_seconds": {"type": "integer", "minimum": 1, "maximum": 86400, "description": "Longest all retries of a job may take."},
    "api_endpoint": {"type": "string", "pattern": "^https?://[^/?#]+", "description": "BigQuery API endpoint when not https://bigquery.googleapis.com (Private Service Connect, a local stand-in)."},
    )json" FLOE_WAREHOUSE_COMMON_PROPERTIES R"json(
  }
})json";

}  // namespace floe::compute_warehouses

#endif  // FLOE_COMPUTE_WAREHOUSES_BIGQUERY_SCHEMA_HPP
