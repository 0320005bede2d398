#include "iceberg/http.hpp"

#include "base/http_exchange.hpp"

namespace floe::iceberg::detail {

// One exchange through floe_base's (libcurl opened on first use, not
// linked: the catalog plugins carry this client, floe loads every plugin a
// platform selects when it compiles, and a compile must not pay for libcurl
// nor fail when it is unusable: tests/cli/lazy_library_test.cpp). Its
// handles are pooled, so the client keeps its connections alive across
// calls; it follows no redirect (Authorization must not travel to another
// host), refuses header values with control characters (injection) and
// stops reading a body past max_response_bytes.
struct HttpTransport::Pool {
  base::HttpConnections connections;
};

HttpTransport::HttpTransport(TransportOptions options) : options_(std::move(options)), pool_(new Pool) {}

HttpTransport::~HttpTransport() = default;

HttpResponse HttpTransport::perform(const HttpRequest& request) {
  base::HttpCall call;
  call.method = request.method;
  call.url = request.url;
  call.headers = request.headers;
  call.body = request.body;
  call.timeout = options_.request_timeout;
  call.connect_timeout = options_.connect_timeout;
  call.ca_file = options_.ca_file;
  call.max_body = options_.max_response_bytes;
  call.connections = &pool_->connections;
  call.user_agent = "floe-iceberg/0.1";
  call.accept_compressed = true;
  base::HttpReply reply = base::exchange(call);
  if (reply.too_large)
    throw TransportError{TransportFailure::too_large,
                         "the response to " + request.method + " " + request.url.substr(0, request.url.find('?')) +
                             " is larger than " + std::to_string(options_.max_response_bytes) +
                             " bytes; stopped reading it (max_response_bytes raises the limit)"};
  if (!reply.answered)
    throw TransportError{reply.timed_out ? TransportFailure::timeout : TransportFailure::unavailable, reply.problem};
  HttpResponse response;
  response.status = reply.status;
  response.body = std::move(reply.body);
  response.content_type = std::move(reply.content_type);
  response.seconds = reply.latency_ms / 1000.0;
  return response;
}

std::string url_encode(std::string_view text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace floe::iceberg::detail
