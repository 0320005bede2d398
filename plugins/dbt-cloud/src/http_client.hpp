// One HTTP request (floe_base's exchange: libcurl opened on first use),
// bounded in time and stoppable by the host's cancel request. No redirects are followed (they would carry the
// Authorization header elsewhere), and nothing of the request (its headers
// hold the API token) ever appears in an outcome.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace floe::dbt_cloud {

struct HttpRequest {
  std::string method = "GET";  // GET or POST
  std::string url;
  std::string body;                  // POST: sent as application/json
  std::vector<std::string> headers;  // "Name: value"
  std::chrono::milliseconds timeout{30000};
  std::function<bool()> cancelled;  // asked about every 100 ms while the request runs
};

struct HttpOutcome {
  enum class kind { answered, timed_out, unreachable, cancelled };
  kind how = kind::unreachable;
  long status = 0;      // for answered
  std::string body;     // for answered
  std::string problem;  // for the others: what went wrong (curl's words)
};

HttpOutcome perform(const HttpRequest& request);

}  // namespace floe::dbt_cloud
