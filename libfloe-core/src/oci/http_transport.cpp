#include "oci/http_transport.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <thread>

#include "floe/core.h"
#include "base/deadline.hpp"
#include "base/http_exchange.hpp"
#include "oci/curl_library.hpp"
#include "core/text.hpp"

namespace floe::oci {
namespace {

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return std::string(s);
}

bool retryable_status(long status) { return status == 408 || status == 429 || status >= 500; }

long retry_base_ms(long configured) {
  if (const char* env = std::getenv("FLOE_REGISTRY_RETRY_BASE_MS")) {
    long v = std::strtol(env, nullptr, 10);
    if (v > 0) return v;
  }
  return configured;
}

// 250 ms * 2^n with +-10% jitter, clamped to 200 ms - 3 s (oras-go's
// default policy); a smaller test base lowers the floor with it.
std::chrono::milliseconds backoff(long base_ms, int attempt) {
  static thread_local std::mt19937 rng{std::random_device{}()};
  double ms = static_cast<double>(base_ms) * static_cast<double>(1L << std::min(attempt, 20));
  ms *= std::uniform_real_distribution<double>(0.9, 1.1)(rng);
  double floor = std::min(200.0, static_cast<double>(base_ms));
  ms = std::clamp(ms, floor, 3000.0);
  return std::chrono::milliseconds(static_cast<long>(ms));
}

// Retry-After in seconds (the HTTP-date form is ignored), capped so a
// registry cannot stall a client for long.
std::optional<std::chrono::milliseconds> retry_after(const HttpResponse& r) {
  std::string v = r.header("Retry-After");
  if (v.empty() || !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
  long s = std::min(std::strtol(v.c_str(), nullptr, 10), 60L);
  return std::chrono::milliseconds(s * 1000);
}

// No HTTP answer came: what the exchange's libcurl outcome means to a
// registry client, and whether trying again may help.
Error transfer_failure(const base::HttpReply& reply, const HttpRequest& r, const TransportOptions& o,
                       long connect_timeout_ms, long timeout_ms, bool& retryable) {
  std::string where = url_authority(r.url);
  const std::string& why = reply.detail.empty() ? reply.problem : reply.detail;
  retryable = false;
  switch (static_cast<CURLcode>(reply.curl_code)) {
    case CURLE_COULDNT_CONNECT:
      // A refused connection means nothing listens there: retrying would
      // only delay the answer. Other connect failures may be transient.
      if (reply.os_errno == ECONNREFUSED)
        return make_error(FLOE_ERR_UNAVAILABLE,
                          fmt::format("cannot connect to {}: connection refused; is the {} running?", where, o.peer));
      retryable = true;
      return make_error(FLOE_ERR_UNAVAILABLE, fmt::format("cannot connect to {}: {}", where, why));
    case CURLE_COULDNT_RESOLVE_HOST:
      return make_error(FLOE_ERR_UNAVAILABLE,
                        fmt::format("cannot resolve the {} host of {}: {}; check the {}", o.peer, where, why,
                                    o.peer == "registry" ? "reference" : "address"));
    case CURLE_OPERATION_TIMEDOUT:
      retryable = true;
      return make_error(FLOE_ERR_TIMEOUT,
                        fmt::format("{} {} timed out ({}; connect timeout {} ms, request timeout {} ms)", r.method,
                                    r.url, why, connect_timeout_ms, timeout_ms));
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
      return make_error(FLOE_ERR_UNAVAILABLE,
                        fmt::format("TLS connection to {} failed: {}; pass the registry's CA file, or use plain "
                                    "http/insecure TLS only for a registry you trust",
                                    where, why));
    case CURLE_READ_ERROR:
    case CURLE_ABORTED_BY_CALLBACK:
      return make_error(FLOE_ERR_IO, fmt::format("cannot read the body of {} {}: {}", r.method, r.url, why));
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
      retryable = true;
      return make_error(FLOE_ERR_UNAVAILABLE, fmt::format("connection to {} failed: {}", where, why));
    case CURLE_OK:  // refused before anything was sent (a body file that cannot be read)
      return make_error(FLOE_ERR_IO, fmt::format("{} {}: {}", r.method, r.url, why));
    default:
      return make_error(FLOE_ERR_UNAVAILABLE, fmt::format("{} {} failed: {}", r.method, r.url, why));
  }
}

}  // namespace

std::string HttpResponse::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (ascii_iequals(k, name)) return v;
  return {};
}

std::vector<std::string> HttpResponse::header_values(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : headers)
    if (ascii_iequals(k, name)) out.push_back(v);
  return out;
}

HttpTransport::HttpTransport(TransportOptions options) : options_(std::move(options)) {}

HttpTransport::~HttpTransport() = default;

Result<HttpResponse> HttpTransport::send(const HttpRequest& request, BodySink* sink) {
  // libcurl is opened by the first request, not by making a transport: a
  // pull answered from the cache never loads it.
  if (auto lib = curl_library(); !lib) return std::move(lib).error();
  long base = retry_base_ms(options_.retry_base_ms);
  // The operation's deadline (base/deadline.hpp) bounds every attempt and
  // every wait between attempts.
  auto doing = [&] { return fmt::format("{} {} was in progress", request.method, url_authority(request.url)); };
  auto wait_within_deadline = [&](std::chrono::milliseconds wait) {
    if (auto left = time_left(); left && *left < wait) wait = *left;
    std::this_thread::sleep_for(wait);
    return !deadline_passed();
  };
  for (int n = 0;; ++n) {
    if (deadline_passed()) return deadline_error(doing());
    bool retryable = false;
    auto r = attempt(request, sink, retryable);
    if (!r && r.error().code == FLOE_ERR_TIMEOUT && deadline_passed()) return deadline_error(doing());
    bool last = n >= options_.max_retries;
    if (r) {
      report_warnings(*r);
      if (last || !retryable_status(r->status)) return r;
      auto wait = retry_after(*r).value_or(backoff(base, n));
      if (options_.warn)
        options_.warn(fmt::format("{} {} answered {}; retrying in {} ms ({} of {})", request.method,
                                  url_authority(request.url), r->status, wait.count(), n + 1, options_.max_retries));
      if (!wait_within_deadline(wait)) return deadline_error(doing());
    } else {
      if (last || !retryable) return r;
      auto wait = backoff(base, n);
      if (options_.warn)
        options_.warn(fmt::format("{}; retrying in {} ms ({} of {})", r.error().message, wait.count(), n + 1,
                                  options_.max_retries));
      if (!wait_within_deadline(wait)) return deadline_error(doing());
    }
  }
}

Result<HttpResponse> HttpTransport::attempt(const HttpRequest& request, BodySink* sink, bool& retryable) {
  if (sink) {
    auto b = sink->begin();
    if (!b) return std::move(b).error();
  }
  for (const auto& h : request.headers)
    // A header line with a CR, LF or other control character (a token from
    // a hostile service, a credential from the environment) would be split
    // into several by the server: refused before anything is sent.
    if (base::has_control_character(h))
      return make_error(FLOE_ERR_INVALID_ARGUMENT,
                        fmt::format("refusing to send a request to {} with a header that holds control characters "
                                    "(header injection); check the credentials floe was given",
                                    url_authority(request.url)));
  static const std::string agent = user_agent();
  long connect_timeout = options_.connect_timeout_ms, timeout = options_.timeout_ms;
  if (auto left = time_left()) {  // no request outlasts the operation's deadline
    long ms = std::max(1L, static_cast<long>(left->count()));
    connect_timeout = connect_timeout > 0 ? std::min(connect_timeout, ms) : ms;
    timeout = timeout > 0 ? std::min(timeout, ms) : ms;
  }
  base::HttpCall call;
  call.method = request.method;
  call.url = request.url;
  call.headers = request.headers;
  call.body = request.body;
  call.body_file = request.body_path;
  call.body_offset = request.body_offset;
  call.body_length = request.body_length;
  call.timeout = std::chrono::milliseconds(timeout);
  call.connect_timeout = std::chrono::milliseconds(connect_timeout);
  call.ca_file = options_.ca_file;
  call.insecure_tls = options_.insecure_tls;
  call.user_agent = agent;
  call.default_content_type = "";  // the registry API names its types itself
  call.connections = &connections_;
  // Blobs may be redirected (CDNs). libcurl drops Authorization (ours is a
  // custom header) when the host or port changes.
  call.follow_redirects = options_.follow_redirects;
  call.keep_headers = true;
  // A manifest or an index is wanted whole, within the cap; a streamed
  // blob's error body is kept only for its message.
  call.max_body = sink ? 64 * 1024 : options_.max_buffered_body;
  call.progress = request.progress;
  std::optional<Error> sink_error;
  if (sink)
    call.sink = [&](std::string_view chunk) {
      auto written = sink->write(chunk.data(), chunk.size());
      if (!written) sink_error = std::move(written).error();
      return !sink_error;
    };
  base::HttpReply reply = base::exchange(call);
  if (sink_error) return std::move(*sink_error);
  if (reply.too_large)
    return make_error(FLOE_ERR_INVALID_ARGUMENT,
                      fmt::format("the response to {} {} is larger than {} bytes; refusing to buffer it",
                                  request.method, request.url, call.max_body));
  if (!reply.answered) return transfer_failure(reply, request, options_, connect_timeout, timeout, retryable);
  HttpResponse response;
  response.status = reply.status;
  response.body = std::move(reply.body);
  response.headers = std::move(reply.headers);
  response.url = std::move(reply.url);
  return response;
}

// Warning: 299 - "text" is for people, never acted upon (distribution spec).
void HttpTransport::report_warnings(const HttpResponse& response) {
  if (!options_.warn) return;
  for (const auto& w : response.header_values("Warning")) {
    if (w.rfind("299", 0) != 0) continue;
    auto open = w.find('"'), close = w.rfind('"');
    std::string text = (open != std::string::npos && close > open) ? w.substr(open + 1, close - open - 1) : w;
    options_.warn(fmt::format("registry {} warns: {}", url_authority(response.url), text.substr(0, 4096)));
  }
}

std::string user_agent() { return fmt::format("floe/{}", floe_version_string()); }

std::string resolve_url(const std::string& base, const std::string& ref) {
  // Only reached with a response in hand, so libcurl is open; `ref` as is otherwise.
  auto opened = curl_library();
  if (!opened) return ref;
  const CurlLibrary& lib = **opened;
  std::unique_ptr<CURLU, decltype(lib.url_cleanup)> u(lib.url(), lib.url_cleanup);
  if (lib.url_set(u.get(), CURLUPART_URL, base.c_str(), 0) != CURLUE_OK) return ref;
  if (lib.url_set(u.get(), CURLUPART_URL, ref.c_str(), 0) != CURLUE_OK) return ref;
  char* out = nullptr;
  if (lib.url_get(u.get(), CURLUPART_URL, &out, 0) != CURLUE_OK) return ref;
  std::string s(out);
  lib.free(out);
  return s;
}

// RFC 3986: everything but the unreserved characters is percent-encoded (as
// curl_easy_escape does; plain code, so building a URL needs no libcurl).
std::string url_escape(const std::string& s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

std::string url_authority(const std::string& url) {
  auto start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  auto end = url.find_first_of("/?#", start);
  std::string a = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  if (auto at = a.rfind('@'); at != std::string::npos) a.erase(0, at + 1);
  return a;
}

namespace {
// {"errors":[{"code","message","detail"}]} as (code, message) pairs; empty
// when the body is not such JSON. Unknown or missing codes read "UNKNOWN".
std::vector<std::pair<std::string, std::string>> parse_errors(const std::string& body) {
  std::vector<std::pair<std::string, std::string>> out;
  boost::system::error_code ec;
  auto parsed = boost::json::parse(body, ec);
  if (ec || !parsed.is_object()) return out;
  const auto* errors = parsed.as_object().if_contains("errors");
  if (!errors || !errors->is_array()) return out;
  for (const auto& e : errors->as_array()) {
    if (!e.is_object()) continue;
    auto text = [&](const char* key) {
      const auto* v = e.as_object().if_contains(key);
      return v && v->is_string() ? std::string(v->as_string()) : std::string();
    };
    std::string code = text("code");
    out.emplace_back(code.empty() ? "UNKNOWN" : code, text("message"));
  }
  return out;
}
}  // namespace

std::vector<std::string> error_codes(const HttpResponse& response) {
  std::vector<std::string> codes;
  for (auto& [code, message] : parse_errors(response.body)) codes.push_back(code);
  return codes;
}

std::string describe_error_body(const HttpResponse& response) {
  auto errors = parse_errors(response.body);
  if (!errors.empty()) {
    std::string out;
    for (const auto& [code, message] : errors) {
      if (!out.empty()) out += "; ";
      out += message.empty() ? code : code + ": " + message;
    }
    return out;
  }
  // A plain-text body (2.8.2's router answers "404 page not found").
  std::string line = trim(response.body.substr(0, response.body.find('\n')));
  return line.substr(0, 200);
}

}  // namespace floe::oci
