// The parts of dbt Cloud's Administrative API (v2) a run needs, as documented
// by dbt Labs and used by its public clients (Airflow's dbt Cloud provider,
// dbt-cloud-cli):
//   POST /api/v2/accounts/{account}/jobs/{job}/run/   {"cause", "steps_override"} -> {"data": run}
//   GET  /api/v2/accounts/{account}/runs/{run}/                                   -> {"data": run}
//   POST /api/v2/accounts/{account}/runs/{run}/cancel/                            -> {"data": run}
//   GET  /api/v2/accounts/{account}/runs/{run}/artifacts/{path}                   -> the file (last step's)
//   GET  /api/v2/accounts/{account}/jobs/{job}/                                   -> {"data": job}
// with "Authorization: Token <token>". A run's "status": 1 queued, 2
// starting, 3 running, 10 success, 20 error, 30 cancelled. Errors come as
// {"status": {"code", "is_success": false, "user_message", "developer_message"}}.
//
// Requests that fail with 429, a 5xx, a timeout or no connection are retried
// (max_retries, backoff 1 s doubling up to 30 s); the host's cancel request
// stops a request or a backoff within about a second.
#pragma once

#include <boost/json/object.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cloud_config.hpp"

namespace floe::dbt_cloud {

// A dbt Cloud run as the plugin uses it.
struct CloudRun {
  std::int64_t id = 0;
  int status = 0;             // 1, 2, 3, 10, 20, 30
  std::string status_humanized;  // "Queued", "Success", ...
  std::string status_message;    // why it failed, when it did
  std::string dbt_version;
  std::string href;              // the run's page in dbt Cloud
  bool finished() const { return status == 10 || status == 20 || status == 30; }
};

class CloudApi {
 public:
  // `token` is the API token (kept only as long as this object);
  // `cancelled` is the host's cancel probe.
  CloudApi(const CloudConfig& config, std::string token, std::function<bool()> cancelled);
  ~CloudApi();
  CloudApi(const CloudApi&) = delete;
  CloudApi& operator=(const CloudApi&) = delete;

  CloudRun trigger(const std::vector<std::string>& steps);
  CloudRun get(std::int64_t run_id);
  // One try, not stopped by the cancel probe: floe calls it while it stops.
  void cancel(std::int64_t run_id);
  // The configured job ({"id", "name", "dbt_version" (null: its
  // environment's), ...}).
  boost::json::object job();
  // The artifact's text, or nullopt when the run has none at `path` (404).
  std::optional<std::string> artifact(std::int64_t run_id, const std::string& path);

 private:
  struct Answer {
    long status;
    std::string body;
  };
  // Throws floe::sdk::error: UNAUTHORIZED (401, 403), NOT_FOUND (404 unless
  // `missing_ok`), UNAVAILABLE (5xx or no connection after the retries, other
  // 4xx), TIMEOUT (no answer in time after the retries), CANCELLED (only
  // when `stoppable`).
  std::optional<Answer> call(const std::string& method, const std::string& path, const std::string& body,
                             int retries, bool missing_ok, bool stoppable = true);
  CloudRun run_of(const Answer& answer, const std::string& what) const;

  const CloudConfig& config_;
  std::string token_;
  std::function<bool()> cancelled_;
};

}  // namespace floe::dbt_cloud
