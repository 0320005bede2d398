// One HTTP exchange with Vault, bounded in time. No redirects are followed
// (they would carry the token elsewhere); the outcome never holds the
// request's headers, so the token cannot leak through an error.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace floe::secrets_vault {

struct HttpReply {
  bool answered = false;
  bool timed_out = false;
  long status = 0;
  std::string body;     // when answered
  std::string problem;  // when not: libcurl's words
};

// method: GET, POST or LIST (Vault's own verb for listing).
HttpReply exchange(const std::string& method, const std::string& url, const std::vector<std::string>& headers,
                   const std::string& body, std::chrono::milliseconds timeout);

}  // namespace floe::secrets_vault
