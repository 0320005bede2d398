// The one way telemetry talks HTTP: an OTLP/JSON body POSTed once (no retry:
// the exporter decides what a failure means) within a time bound, on a
// connection kept open between posts. Kept to this interface so that moving
// floe's network code elsewhere (issue 17) changes otlp_post.cpp only.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace floe::observe::telemetry {

struct PostOutcome {
  long status = 0;      // the HTTP status, 0 when no answer came
  std::string body;     // the answer's body (its first 64 KiB)
  std::string problem;  // "" for a 2xx answer, else what went wrong (never a header value)
};

class OtlpPoster {
 public:
  // `timeout` bounds connecting and the whole exchange.
  explicit OtlpPoster(std::chrono::milliseconds timeout);
  ~OtlpPoster();
  OtlpPoster(const OtlpPoster&) = delete;
  OtlpPoster& operator=(const OtlpPoster&) = delete;

  // Sends `body` with Content-Type: application/json and `headers`
  // ("Name: value" lines, which may carry secrets: never echoed).
  PostOutcome post(const std::string& url, const std::string& body, const std::vector<std::string>& headers);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace floe::observe::telemetry
