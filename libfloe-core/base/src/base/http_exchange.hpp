// One HTTP exchange, bounded in time and size: the request every plugin's
// HTTP goes through (secret stores, the Kubernetes API, S3 objects, dbt
// Cloud, alert webhooks, identity providers, connection checks). No
// redirects are followed (they would carry a token elsewhere), only http and
// https are spoken, a header with a control character is refused (header
// injection), and the outcome never holds the request's headers, so a token
// cannot leak through an error.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace floe::base {

// libcurl handles kept between exchanges, with their open connections: a
// client that talks to one server many times (a catalog, a registry) pays
// one TCP and TLS handshake, not one per request. Safe to share between
// threads; each exchange takes a handle of its own.
class HttpConnections {
 public:
  HttpConnections();
  ~HttpConnections();
  HttpConnections(const HttpConnections&) = delete;
  HttpConnections& operator=(const HttpConnections&) = delete;

  // For exchange(): a handle (reset, its connection kept), or nullptr when
  // libcurl cannot be used; and back, when the exchange is over.
  void* acquire();
  void release(void* handle);

 private:
  struct Pool;
  std::unique_ptr<Pool> pool_;
};

struct HttpCall {
  // GET, POST, PUT, HEAD, or another verb (Vault's LIST). A body is sent as
  // application/json unless `headers` name a Content-Type.
  std::string method = "GET";
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string body;
  std::chrono::milliseconds timeout{30000};  // the whole exchange
  std::chrono::milliseconds connect_timeout{5000};  // at most `timeout`
  std::string ca_file;  // the certificate authority to trust for https ("" = the system's)
  // A longer answer is refused (a secret is small; an object read is not).
  std::size_t max_body = std::size_t{4} << 20;
  // false: the answer's body is read and dropped, whatever its size (a
  // webhook or a connection check needs only the status).
  bool keep_body = true;
  // Asked every ~100 ms while the exchange runs; true stops it.
  std::function<bool()> cancelled;
  // Reuse a handle and its connection (nullptr: a handle of its own, closed after).
  HttpConnections* connections = nullptr;
  std::string user_agent;          // "" = libcurl sends none
  bool accept_compressed = false;  // Accept-Encoding: what libcurl decodes (gzip, deflate, ...)
  // The Content-Type of a body whose headers name none ("" = send none).
  std::string default_content_type = "application/json";
  bool insecure_tls = false;       // skip certificate and host checks (a registry the user marked insecure)

  // Streaming, for blobs too large to hold (an OCI registry's layers):
  // the body is read from `body_file` (`body_length` bytes from
  // `body_offset`; -1: to the end) instead of `body`, and can be re-sent
  // from its start (a redirect, an authentication rewind).
  std::string body_file;
  std::int64_t body_offset = 0, body_length = -1;
  // A 2xx answer's body goes to `sink` instead of the reply, chunk by chunk;
  // false stops the transfer (the reply says sink_refused). A non-2xx
  // body is still kept, its first max_body bytes only (for its message).
  std::function<bool(std::string_view chunk)> sink;
  // Bytes moved so far and in all, upload or download, whichever is larger.
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;
  // Redirects (at most 5, http and https only) are followed. libcurl drops
  // Authorization and Cookie when the host changes; any other header that
  // carries a secret would travel on, so only callers whose secrets are in
  // Authorization may follow them.
  bool follow_redirects = false;
  bool keep_headers = false;  // the final response's headers into the reply
};

struct HttpReply {
  bool answered = false;
  bool timed_out = false;
  bool cancelled = false;
  long status = 0;
  std::string body;      // when answered
  std::string problem;   // when not: libcurl's words (or why libcurl cannot be used)
  int curl_code = 0;     // libcurl's CURLcode when not answered (CURLE_COULDNT_CONNECT, ...)
  bool too_large = false;  // not answered: the body passed max_body and reading stopped there
  bool sink_refused = false;  // not answered: the sink returned false
  std::string content_type;  // when answered: the Content-Type header ("" when none)
  std::vector<std::pair<std::string, std::string>> headers;  // keep_headers: the final response's
  std::string url;           // when answered: the URL that answered (after redirects)
  std::string detail;        // when not answered: libcurl's own words (problem may say it for people)
  long os_errno = 0;         // when not answered: the system error of a failed connect (ECONNREFUSED, ...)
  double latency_ms = 0;  // the exchange's wall time
};

HttpReply exchange(const HttpCall& call);

// Whether a header line holds a control character (tab aside): such a line
// would be split by the server into several (header injection). Every HTTP
// client of floe refuses to send one (this exchange, the OCI and Iceberg
// clients).
bool has_control_character(std::string_view line);

// The common case: method, url, headers, body, timeout.
HttpReply exchange(const std::string& method, const std::string& url, const std::vector<std::string>& headers,
                   const std::string& body, std::chrono::milliseconds timeout, const std::string& ca_file = "",
                   std::size_t max_body = std::size_t{4} << 20);

}  // namespace floe::base
