// The one way a run's observers talk HTTP (OpenLineage events, OTLP
// exports): a JSON body POSTed once (no retry: the caller decides what a
// failure means) within a time bound, on one connection kept open between
// posts, through floe's HTTP transport (oci/http_transport: libcurl opened
// on first use). Header values may carry secrets and are never echoed.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace floe::observe {

struct PostOutcome {
  long status = 0;      // the HTTP status, 0 when no answer came
  std::string body;     // the answer's body (its first 64 KiB)
  std::string problem;  // "" for a 2xx answer, else what went wrong (never a header value, never the body)
};

class JsonPoster {
 public:
  // `timeout` bounds connecting and the whole exchange.
  explicit JsonPoster(std::chrono::milliseconds timeout);
  ~JsonPoster();
  JsonPoster(const JsonPoster&) = delete;
  JsonPoster& operator=(const JsonPoster&) = delete;

  // `headers` are "Name: value" lines sent as they are.
  PostOutcome post(const std::string& url, const std::string& body, const std::vector<std::string>& headers);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::chrono::milliseconds timeout_;
};

}  // namespace floe::observe
