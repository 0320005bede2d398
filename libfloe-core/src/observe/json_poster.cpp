#include "observe/json_poster.hpp"

#include <fmt/format.h>

#include "oci/http_transport.hpp"

namespace floe::observe {

namespace {

oci::TransportOptions options(std::chrono::milliseconds timeout) {
  oci::TransportOptions o;
  o.connect_timeout_ms = static_cast<long>(timeout.count());
  o.timeout_ms = static_cast<long>(timeout.count());
  o.max_retries = 0;
  o.follow_redirects = false;  // a collector or lineage server does not redirect; headers never travel on
  o.max_buffered_body = 64 * 1024;  // answers are read for their status only
  return o;
}

// The transport speaks of registries; say what happened in an observer's terms.
std::string no_answer(const Error& e, const std::string& url, std::chrono::milliseconds timeout) {
  std::string where = oci::url_authority(url);
  if (e.code == FLOE_ERR_TIMEOUT) return fmt::format("{} did not answer within {} ms (timed out)", where, timeout.count());
  if (e.message.find("connection refused") != std::string::npos)
    return fmt::format("cannot connect to {}: connection refused", where);
  if (e.message.find("resolve") != std::string::npos)
    return fmt::format("cannot connect to {}: its host name does not resolve", where);
  return fmt::format("cannot reach {}: {}", where, e.message);
}

}  // namespace

struct JsonPoster::Impl {
  explicit Impl(std::chrono::milliseconds timeout) : transport(options(timeout)) {}
  oci::HttpTransport transport;  // one connection, kept alive across events
};

JsonPoster::JsonPoster(std::chrono::milliseconds timeout) : impl_(std::make_unique<Impl>(timeout)), timeout_(timeout) {}

JsonPoster::~JsonPoster() = default;

PostOutcome JsonPoster::post(const std::string& url, const std::string& body, const std::vector<std::string>& headers) {
  oci::HttpRequest request;
  request.method = "POST";
  request.url = url;
  request.headers = headers;
  request.headers.push_back("Content-Type: application/json");
  request.headers.push_back("User-Agent: " + oci::user_agent());
  request.body = body;
  auto answer = impl_->transport.send(request);
  if (!answer) return {0, "", no_answer(answer.error(), url, timeout_)};
  long status = answer.value().status;
  std::string problem = status >= 200 && status < 300 ? "" : fmt::format("{} answered HTTP {}", oci::url_authority(url), status);
  return {status, std::move(answer.value().body), std::move(problem)};
}

}  // namespace floe::observe
