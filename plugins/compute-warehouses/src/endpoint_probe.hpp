// validate_connection and health_check for a remote engine: one HTTP(S)
// request to the engine's endpoint, bounded by the budget (libcurl's
// resolver, connect and transfer all count), never carrying a credential,
// so neither the request nor the report can leak one. An answer of any HTTP
// status proves the host resolves, accepts connections and (for https)
// completes a TLS handshake with a certificate the system trusts.
#ifndef FLOE_COMPUTE_WAREHOUSES_ENDPOINT_PROBE_HPP
#define FLOE_COMPUTE_WAREHOUSES_ENDPOINT_PROBE_HPP

#include <boost/json.hpp>
#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace floe::compute_warehouses {

struct probe_report {
  std::string status;  // healthy, degraded or unhealthy
  double latency_ms = 0;
  std::string message;
  std::vector<std::string> warnings;
  std::string url;
};

// How an engine reads an answer: its status and message. The default says
// the endpoint answered and that credentials were not tried.
struct probe_verdict {
  std::string status;
  std::string message;
};
using answer_judge = std::function<probe_verdict(long http_status, const std::string& body)>;

// GETs `url` within `budget`. `service` names the engine in messages
// ("Snowflake"). Never throws for network failures: they are "unhealthy".
probe_report probe_endpoint(const std::string& service, const std::string& url, std::chrono::milliseconds budget,
                            const answer_judge& judge = {});

// The validate_connection response.
boost::json::object to_validate_response(const probe_report& report);

// The health_check response.
boost::json::object to_health_response(const probe_report& report);

}  // namespace floe::compute_warehouses

#endif  // FLOE_COMPUTE_WAREHOUSES_ENDPOINT_PROBE_HPP
