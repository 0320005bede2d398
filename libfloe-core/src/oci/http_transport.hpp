// One HTTP exchange with a registry (floe_base's exchange), with the behaviour the
// distribution spec asks of clients: bodies that can be re-sent (retries,
// redirects), bounded buffering, streamed downloads, redirects followed
// without ever forwarding Authorization to another host, and retries with
// backoff on connection failures, 408, 429 and 5xx. What a status *means*
// (auth, not found, ...) is left to the caller (registry_target.cpp).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/http_exchange.hpp"
#include "base/result.hpp"

namespace floe::oci {

struct HttpRequest {
  std::string method = "GET";
  std::string url;                   // absolute
  std::vector<std::string> headers;  // "Name: value"
  std::string body;                  // sent when body_path is empty (may be empty)
  std::string body_path;             // non-empty: stream the body from this file...
  std::int64_t body_offset = 0;      // ...starting here...
  std::int64_t body_length = -1;     // ...for this many bytes (-1: to the end)
  // Called as bytes move (upload or download, whichever is larger).
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;
};

struct HttpResponse {
  long status = 0;
  std::string body;  // the buffered body (for a streamed request: only a non-2xx body)
  std::vector<std::pair<std::string, std::string>> headers;  // of the final response
  std::string url;  // the URL that answered (after redirects)

  // The first value of a header, case-insensitively; "" if absent.
  std::string header(std::string_view name) const;
  std::vector<std::string> header_values(std::string_view name) const;
};

// Receives a streamed 2xx body. begin() is called before each attempt so a
// retried download starts again from nothing.
class BodySink {
 public:
  virtual ~BodySink() = default;
  virtual Result<Ok> begin() = 0;
  virtual Result<Ok> write(const char* data, std::size_t n) = 0;
};

struct TransportOptions {
  bool insecure_tls = false;
  // Off for senders whose headers carry secrets under any name (an OTLP
  // API key header): curl drops only Authorization and Cookie when a
  // redirect changes host, the others would travel on.
  bool follow_redirects = true;
  std::string ca_file;
  long connect_timeout_ms = 10000;
  long timeout_ms = 300000;
  int max_retries = 5;
  // Backoff base; FLOE_REGISTRY_RETRY_BASE_MS overrides it (tests).
  long retry_base_ms = 250;
  std::size_t max_buffered_body = 4 * 1024 * 1024;
  std::function<void(const std::string&)> warn;
  // What the peer is, in connection-failure messages ("is the registry
  // running?"); other users (floe platform status) name their service.
  std::string peer = "registry";
};

class HttpTransport {
 public:
  explicit HttpTransport(TransportOptions options);
  ~HttpTransport();
  HttpTransport(const HttpTransport&) = delete;
  HttpTransport& operator=(const HttpTransport&) = delete;

  // Sends the request, retrying transient failures. Any HTTP status comes
  // back as a response (the last one when retries ran out); an Error means
  // no usable response: FLOE_ERR_UNAVAILABLE (cannot connect, TLS, reset),
  // FLOE_ERR_TIMEOUT, FLOE_ERR_INVALID_ARGUMENT (body over the buffer cap),
  // or whatever the sink returned.
  Result<HttpResponse> send(const HttpRequest& request, BodySink* sink = nullptr);

 private:
  Result<HttpResponse> attempt(const HttpRequest& request, BodySink* sink, bool& retryable);
  void report_warnings(const HttpResponse& response);

  TransportOptions options_;
  base::HttpConnections connections_;  // reused, so connections are kept alive
};

// "floe/<version>" (floe_version_string()): the User-Agent of every request,
// so registry operators can tell floe's traffic apart.
std::string user_agent();

// `ref` (absolute, or relative as Location and Link headers may be)
// resolved against `base`.
std::string resolve_url(const std::string& base, const std::string& ref);

// Percent-encodes a query parameter value.
std::string url_escape(const std::string& s);

// "host:port" of an absolute URL (for messages).
std::string url_authority(const std::string& url);

// A registry error answer turned into a short text: "CODE: message" for each
// OCI error in a JSON body, else the first line of a text body, else "".
std::string describe_error_body(const HttpResponse& response);

// The OCI error codes of a JSON error body ({"errors":[{"code":...}]}).
std::vector<std::string> error_codes(const HttpResponse& response);

}  // namespace floe::oci
