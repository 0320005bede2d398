// libfloe-iceberg's REST client reading a catalog's answers: an in-process
// HTTP server on 127.0.0.1 answers every request with the fuzz input (its
// first byte picks the status: 200, 400, 401, 404, 409, 500 or 503), and the
// client connects, lists namespaces and tables, and loads a table. Whatever
// the catalog says must end in a result or a floe::iceberg::Error, never
// another exception, a crash or a hang (the request timeout is 2 s; the
// body is capped by max_response_bytes).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>

#include "iceberg/catalog_client.hpp"
#include "iceberg/error.hpp"

namespace {

std::mutex answer_mutex;
std::string answer;  // the whole HTTP response the server sends next

// Reads one request (headers and a Content-Length body) and answers it.
void serve(int client) {
  std::string request;
  char buffer[8192];
  std::size_t body_wanted = std::string::npos;
  while (true) {
    std::size_t end = request.find("\r\n\r\n");
    if (end != std::string::npos) {
      if (body_wanted == std::string::npos) {
        body_wanted = 0;
        std::size_t at = request.find("Content-Length: ");
        if (at != std::string::npos && at < end) body_wanted = std::strtoul(request.c_str() + at + 16, nullptr, 10);
      }
      if (request.size() >= end + 4 + body_wanted) break;
    }
    ssize_t n = ::recv(client, buffer, sizeof buffer, 0);
    if (n <= 0) return;
    request.append(buffer, static_cast<std::size_t>(n));
  }
  std::string response;
  {
    std::lock_guard<std::mutex> lock(answer_mutex);
    response = answer;
  }
  for (std::size_t sent = 0; sent < response.size();) {
    ssize_t n = ::send(client, response.data() + sent, response.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;
    sent += static_cast<std::size_t>(n);
  }
}

int start_server() {
  int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  if (listener < 0) std::abort();
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) std::abort();
  if (::listen(listener, 64) != 0) std::abort();
  socklen_t length = sizeof address;
  ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
  std::thread([listener] {
    while (true) {
      int client = ::accept(listener, nullptr, nullptr);
      if (client < 0) continue;
      serve(client);
      ::close(client);  // one request per connection: "Connection: close"
    }
  }).detach();
  return ntohs(address.sin_port);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  static const int port = start_server();
  static const int statuses[] = {200, 200, 200, 400, 401, 404, 409, 500, 503};
  const int status = size == 0 ? 200 : statuses[data[0] % (sizeof statuses / sizeof statuses[0])];
  const std::string body = size == 0 ? std::string() : std::string(reinterpret_cast<const char*>(data) + 1, size - 1);
  {
    std::lock_guard<std::mutex> lock(answer_mutex);
    answer = "HTTP/1.1 " + std::to_string(status) + " Fuzz\r\nContent-Type: application/json\r\nContent-Length: " +
             std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  }
  floe::iceberg::ClientOptions options;
  options.uri = "http://127.0.0.1:" + std::to_string(port);
  options.connect_timeout = std::chrono::milliseconds(2000);
  options.request_timeout = std::chrono::milliseconds(2000);
  options.max_response_bytes = 1u << 20;
  floe::iceberg::RestCatalog catalog(options);
  auto attempt = [](auto&& call) {
    try {
      call();
    } catch (const floe::iceberg::Error&) {
      // The documented failure: a typed error the caller reports.
    }
  };
  attempt([&] { catalog.connect(); });
  attempt([&] { (void)catalog.list_namespaces({}, 0, 3); });
  attempt([&] { (void)catalog.list_tables({"fuzz"}, 0, 3); });
  attempt([&] { (void)catalog.load_table({{"fuzz"}, "table"}); });
  return 0;
}
