// The dbt-cloud plugin's configuration (plugins.dbt.config in the platform
// manifest): which dbt Cloud account, job and host, the API token as a
// secret reference, and how long to wait for what.
#pragma once

#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <string>

namespace floe::dbt_cloud {

// Published in the descriptor; the host validates every configuration
// against it and fills in the defaults before the plugin sees it.
inline constexpr char config_schema_json[] = R"json({
  "type": "object",
  "additionalProperties": false,
  "required": ["account_id", "job_id", "api_token"],
  "properties": {
    "account_id": {"type": "integer", "minimum": 1, "description": "The dbt Cloud account id."},
    "job_id": {"type": "integer", "minimum": 1, "description": "The dbt Cloud job floe triggers; its environment decides the warehouse connection and dbt version."},
    "host": {
      "type": "string",
      "minLength": 1,
      "default": "cloud.getdbt.com",
      "description": "The account's access URL host (cloud.getdbt.com, or e.g. ab123.us1.dbt.com), spoken to over HTTPS; http://127.0.0.1:PORT or http://localhost:PORT only for a local stand-in."
    },
    "api_token": {
      "type": "object",
      "additionalProperties": false,
      "properties": {"env": {"type": "string", "minLength": 1}, "file": {"type": "string", "minLength": 1}},
      "description": "Where the API token (a service token or personal access token) is: {env: NAME} or {file: PATH}; never the token itself."
    },
    "cause": {"type": "string", "minLength": 1, "maxLength": 255, "default": "Triggered by floe", "description": "The run's cause, as dbt Cloud shows it."},
    "timeout_seconds": {"type": "integer", "minimum": 0, "maximum": 604800, "default": 3600, "description": "Longest floe waits for a run to finish before it cancels it; 0 means no limit."},
    "poll_interval_seconds": {"type": "number", "minimum": 0.05, "maximum": 600, "default": 10, "description": "How often floe asks for the run's status."},
    "request_timeout_seconds": {"type": "integer", "minimum": 1, "maximum": 600, "default": 30, "description": "Longest one HTTP request may take."},
    "max_retries": {"type": "integer", "minimum": 0, "maximum": 20, "default": 5, "description": "Retries of a request that failed with 429, 5xx, a timeout or no connection (backoff 1 s, 2 s, 4 s, ... up to 30 s)."}
  }
})json";

struct CloudConfig {
  std::int64_t account_id = 0, job_id = 0;
  std::string base_url;         // "https://cloud.getdbt.com", or a loopback http:// URL
  std::string token_reference;  // "env:NAME" or "file:PATH", for floe_host_api.get_secret
  std::string cause = "Triggered by floe";
  std::chrono::seconds timeout{3600};
  std::chrono::milliseconds poll_interval{10000};
  std::chrono::seconds request_timeout{30};
  int max_retries = 5;
};

// Reads the validated config. Throws floe::sdk::error(FLOE_ERR_INVALID_CONFIG)
// for a host floe would send the token to in the clear (http:// anywhere but
// the loopback interface) or that is not a host, and for an api_token with
// not exactly one of env and file (the schema subset cannot say that).
CloudConfig parse_cloud_config(const boost::json::object& config);

// "https://HOST" for a bare host; an http:// or https:// URL as given
// (without a trailing '/'); throws as parse_cloud_config.
std::string base_url_of(const std::string& host);

}  // namespace floe::dbt_cloud
