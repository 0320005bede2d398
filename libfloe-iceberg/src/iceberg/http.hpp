// Internal: the client's HTTP transport on libcurl. Not part of the surface
// the plugins use (catalog_client.hpp is). Handles are pooled so a client
// keeps its connections alive across calls; no redirect is ever followed
// (Authorization must not travel to another host).
#pragma once

#include <chrono>
#include <memory>
#include <string>
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

enum class TransportFailure { unavailable, timeout };

// What went wrong below HTTP: the curl error text (never a header or body).
struct TransportError {
  TransportFailure failure;
  std::string message;
};

struct TransportOptions {
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds request_timeout{30000};
  std::string ca_file;
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
