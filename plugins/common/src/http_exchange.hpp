// One HTTP exchange with a service that holds secrets (Vault, the Kubernetes
// API), bounded in time. No redirects are followed (they would carry the
// token elsewhere); the outcome never holds the request's headers, so a
// token cannot leak through an error.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace floe::plugin_support {

struct HttpReply {
  bool answered = false;
  bool timed_out = false;
  long status = 0;
  std::string body;     // when answered
  std::string problem;  // when not: libcurl's words
};

// method: GET, POST, PUT or LIST (Vault's own verb for listing). A body is
// sent as application/json unless `headers` name a Content-Type. ca_file: the
// certificate authority to trust for https ("" = the system's). max_body:
// a longer answer is refused (a secret is small; an object read is not).
HttpReply exchange(const std::string& method, const std::string& url, const std::vector<std::string>& headers,
                   const std::string& body, std::chrono::milliseconds timeout, const std::string& ca_file = "",
                   std::size_t max_body = std::size_t{4} << 20);

}  // namespace floe::plugin_support
