// Internal: the client's HTTP transport (floe_base's exchange). Not part of the surface
// the plugins use (catalog_client.hpp is). Handles are pooled so a client
// keeps its connections alive across calls; no redirect is ever followed
// (Authorization must not travel to another host).
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace floe::iceberg::detail {

struct HttpRequest {
  std::string method = "GET";  // GET, POST, DELETE, HEAD
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string body;
  bool has_body = false;
};

struct HttpResponse {
  long status = 0;
  std::string body;
  std::string content_type;
  double seconds = 0;
};

// too_large: the body passed TransportOptions::max_response_bytes and the
// transfer was stopped there (nothing more is read or kept).
enum class TransportFailure { unavailable, timeout, too_large };

// What went wrong below HTTP: the curl error text (never a header or body).
struct TransportError {
  TransportFailure failure;
  std::string message;
};

struct TransportOptions {
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds request_timeout{30000};  // the whole exchange, reading the body included
  std::string ca_file;
  std::size_t max_response_bytes = 64u << 20;  // a longer body is refused, never buffered whole
};

class HttpTransport {
 public:
  explicit HttpTransport(TransportOptions options);
  ~HttpTransport();
  HttpTransport(const HttpTransport&) = delete;
  HttpTransport& operator=(const HttpTransport&) = delete;

  // Throws TransportError when no HTTP answer came.
  HttpResponse perform(const HttpRequest& request);

 private:
  struct Pool;
  TransportOptions options_;
  std::unique_ptr<Pool> pool_;
};

// Percent-encodes everything but RFC 3986 unreserved characters.
std::string url_encode(std::string_view text);

}  // namespace floe::iceberg::detail
