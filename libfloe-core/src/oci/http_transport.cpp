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

// The request body as curl reads it: a slice of a file, or memory. curl
// seeks back to 0 when it must re-send (a redirect, an auth rewind).
struct BodyReader {
  const HttpRequest* request = nullptr;
  std::FILE* file = nullptr;
  std::int64_t length = 0;
  std::int64_t pos = 0;

  ~BodyReader() {
    if (file) std::fclose(file);
  }

  Result<Ok> open(const HttpRequest& r) {
    request = &r;
    if (r.body_path.empty()) {
      length = static_cast<std::int64_t>(r.body.size());
      return Ok{};
    }
    file = std::fopen(r.body_path.c_str(), "rb");
    if (!file) return make_error(FLOE_ERR_IO, fmt::format("cannot read {}: {}", r.body_path, std::strerror(errno)));
    if (r.body_length >= 0) {
      length = r.body_length;
    } else {
      std::fseek(file, 0, SEEK_END);
      length = static_cast<std::int64_t>(ftello(file)) - r.body_offset;
    }
    if (fseeko(file, static_cast<off_t>(r.body_offset), SEEK_SET) != 0)
      return make_error(FLOE_ERR_IO, fmt::format("cannot read {}", r.body_path));
    return Ok{};
  }

  static std::size_t read(char* buf, std::size_t size, std::size_t n, void* self) {
    auto* b = static_cast<BodyReader*>(self);
    std::size_t want = std::min<std::size_t>(size * n, static_cast<std::size_t>(b->length - b->pos));
    if (want == 0) return 0;
    std::size_t got = 0;
    if (b->file) {
      got = std::fread(buf, 1, want, b->file);
      if (got == 0) return CURL_READFUNC_ABORT;
    } else {
      std::memcpy(buf, b->request->body.data() + b->pos, want);
      got = want;
    }
    b->pos += static_cast<std::int64_t>(got);
    return got;
  }

  static int seek(void* self, curl_off_t offset, int origin) {
    auto* b = static_cast<BodyReader*>(self);
    if (origin != SEEK_SET || offset < 0 || offset > b->length) return CURL_SEEKFUNC_CANTSEEK;
    if (b->file && fseeko(b->file, static_cast<off_t>(b->request->body_offset + offset), SEEK_SET) != 0)
      return CURL_SEEKFUNC_FAIL;
    b->pos = offset;
    return CURL_SEEKFUNC_OK;
  }
};

// Where response bytes go while one attempt runs.
struct ResponseCollector {
  const CurlLibrary* lib = nullptr;
  CURL* curl = nullptr;
  HttpResponse* response = nullptr;
  BodySink* sink = nullptr;
  std::size_t cap = 0;
  std::optional<Error> error;  // set when a callback aborted the transfer
  const HttpRequest* request = nullptr;

  static std::size_t on_header(char* data, std::size_t size, std::size_t n, void* self) {
    auto* c = static_cast<ResponseCollector*>(self);
    std::string_view line(data, size * n);
    // A new status line starts a new response (redirects, 100 Continue):
    // only the final response's headers are kept.
    if (line.substr(0, 5) == "HTTP/") {
      c->response->headers.clear();
    } else if (auto colon = line.find(':'); colon != std::string_view::npos) {
      c->response->headers.emplace_back(trim(line.substr(0, colon)), trim(line.substr(colon + 1)));
    }
    return size * n;
  }

  static std::size_t on_body(char* data, std::size_t size, std::size_t n, void* self) {
    auto* c = static_cast<ResponseCollector*>(self);
    std::size_t len = size * n;
    long code = 0;
    c->lib->easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &code);
    if (code >= 300 && code < 400) return len;  // a redirect's own body
    if (c->sink && code >= 200 && code < 300) {
      auto w = c->sink->write(data, len);
      if (!w) {
        c->error = std::move(w).error();
        return 0;
      }
      return len;
    }
    std::string& body = c->response->body;
    if (body.size() + len > c->cap) {
      // An error body is only read for its message: keep its start. A body
      // the caller wants whole (a manifest) must not exceed the cap.
      if (c->sink) return len;
      c->error = make_error(FLOE_ERR_INVALID_ARGUMENT,
                            fmt::format("the response to {} {} is larger than {} bytes; refusing to buffer it",
                                        c->request->method, c->request->url, c->cap));
      return 0;
    }
    body.append(data, len);
    return len;
  }

  static int on_progress(void* self, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow) {
    auto* c = static_cast<ResponseCollector*>(self);
    if (c->request->progress) {
      bool up = ultotal > dltotal;
      c->request->progress(static_cast<std::uint64_t>(up ? ulnow : dlnow),
                           static_cast<std::uint64_t>(up ? ultotal : dltotal));
    }
    return 0;
  }
};

struct HeaderList {
  const CurlLibrary& lib;
  curl_slist* list = nullptr;
  ~HeaderList() { lib.slist_free_all(list); }
  void add(const std::string& h) { list = lib.slist_append(list, h.c_str()); }
};

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

Error curl_failure(const CurlLibrary& lib, CURLcode rc, CURL* curl, const HttpRequest& r, const TransportOptions& o,
                   const char* errbuf, bool& retryable) {
  std::string where = url_authority(r.url);
  std::string why = errbuf[0] ? errbuf : lib.easy_strerror(rc);
  retryable = false;
  switch (rc) {
    case CURLE_COULDNT_CONNECT: {
      long os_errno = 0;
      lib.easy_getinfo(curl, CURLINFO_OS_ERRNO, &os_errno);
      // A refused connection means nothing listens there: retrying would
      // only delay the answer. Other connect failures may be transient.
      if (os_errno == ECONNREFUSED)
        return make_error(FLOE_ERR_UNAVAILABLE,
                          fmt::format("cannot connect to {}: connection refused; is the {} running?", where, o.peer));
      retryable = true;
      return make_error(FLOE_ERR_UNAVAILABLE, fmt::format("cannot connect to {}: {}", where, why));
    }
    case CURLE_COULDNT_RESOLVE_HOST:
      return make_error(FLOE_ERR_UNAVAILABLE,
                        fmt::format("cannot resolve the {} host of {}: {}; check the {}", o.peer, where, why,
                                    o.peer == "registry" ? "reference" : "address"));
    case CURLE_OPERATION_TIMEDOUT:
      retryable = true;
      return make_error(FLOE_ERR_TIMEOUT,
                        fmt::format("{} {} timed out ({}; connect timeout {} ms, request timeout {} ms)", r.method,
                                    r.url, why, o.connect_timeout_ms, o.timeout_ms));
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

HttpTransport::~HttpTransport() {
  if (curl_ != nullptr) lib_->easy_cleanup(static_cast<CURL*>(curl_));
}

Result<HttpResponse> HttpTransport::send(const HttpRequest& request, BodySink* sink) {
  // libcurl is opened by the first request, not by making a transport: a
  // pull answered from the cache never loads it.
  if (curl_ == nullptr) {
    auto lib = curl_library();
    if (!lib) return std::move(lib).error();
    lib_ = *lib;
    curl_ = lib_->easy_init();
    if (curl_ == nullptr) return make_error(FLOE_ERR_INTERNAL, "curl_easy_init failed (out of memory?)");
  }
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
  const CurlLibrary& lib = *lib_;
  CURL* curl = static_cast<CURL*>(curl_);
  lib.easy_reset(curl);
  if (sink) {
    auto b = sink->begin();
    if (!b) return std::move(b).error();
  }
  HttpResponse response;
  ResponseCollector collector{&lib, curl, &response, sink, sink ? 64 * 1024 : options_.max_buffered_body, {}, &request};
  BodyReader reader;
  HeaderList headers{lib};
  for (const auto& h : request.headers) {
    // A header line with a CR, LF or other control character (a token from
    // a hostile service, a credential from the environment) would be split
    // into several by the server: refused before anything is sent.
    if (base::has_control_character(h))
      return make_error(FLOE_ERR_INVALID_ARGUMENT,
                        fmt::format("refusing to send a request to {} with a header that holds control characters "
                                    "(header injection); check the credentials floe was given",
                                    url_authority(request.url)));
    headers.add(h);
  }
  headers.add("Expect:");  // no 100-continue round trip (and stalls) on uploads
  char errbuf[CURL_ERROR_SIZE] = {0};

  static const std::string agent = user_agent();
  lib.easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  lib.easy_setopt(curl, CURLOPT_USERAGENT, agent.c_str());
  lib.easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
  lib.easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  lib.easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  lib.easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  // Blobs may be redirected (CDNs). curl drops Authorization (ours is a
  // custom header) when the host or port changes; UNRESTRICTED_AUTH stays 0.
  lib.easy_setopt(curl, CURLOPT_FOLLOWLOCATION, options_.follow_redirects ? 1L : 0L);
  lib.easy_setopt(curl, CURLOPT_MAXREDIRS, 5L);
  lib.easy_setopt(curl, CURLOPT_UNRESTRICTED_AUTH, 0L);
  long connect_timeout = options_.connect_timeout_ms, timeout = options_.timeout_ms;
  if (auto left = time_left()) {  // no request outlasts the operation's deadline
    long ms = std::max(1L, static_cast<long>(left->count()));
    connect_timeout = connect_timeout > 0 ? std::min(connect_timeout, ms) : ms;
    timeout = timeout > 0 ? std::min(timeout, ms) : ms;
  }
  lib.easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, connect_timeout);
  lib.easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout);
  lib.easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, options_.insecure_tls ? 0L : 1L);
  lib.easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, options_.insecure_tls ? 0L : 2L);
  if (!options_.ca_file.empty()) lib.easy_setopt(curl, CURLOPT_CAINFO, options_.ca_file.c_str());
  lib.easy_setopt(curl, CURLOPT_HEADERFUNCTION, &ResponseCollector::on_header);
  lib.easy_setopt(curl, CURLOPT_HEADERDATA, &collector);
  lib.easy_setopt(curl, CURLOPT_WRITEFUNCTION, &ResponseCollector::on_body);
  lib.easy_setopt(curl, CURLOPT_WRITEDATA, &collector);
  if (request.progress) {
    lib.easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    lib.easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, &ResponseCollector::on_progress);
    lib.easy_setopt(curl, CURLOPT_XFERINFODATA, &collector);
  }

  if (request.method == "HEAD") {
    lib.easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else if (request.method == "PUT" || request.method == "POST" || request.method == "PATCH") {
    auto o = reader.open(request);
    if (!o) return std::move(o).error();
    // Upload mode streams through the read callback and sends Content-Length;
    // the seek callback lets curl rewind for a redirect or re-send.
    lib.easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    lib.easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    lib.easy_setopt(curl, CURLOPT_READFUNCTION, &BodyReader::read);
    lib.easy_setopt(curl, CURLOPT_READDATA, &reader);
    lib.easy_setopt(curl, CURLOPT_SEEKFUNCTION, &BodyReader::seek);
    lib.easy_setopt(curl, CURLOPT_SEEKDATA, &reader);
    lib.easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(reader.length));
  } else if (request.method != "GET") {
    lib.easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
  lib.easy_setopt(curl, CURLOPT_HTTPHEADER, headers.list);

  CURLcode rc = lib.easy_perform(curl);
  if (collector.error) return std::move(*collector.error);
  if (rc != CURLE_OK) return curl_failure(lib, rc, curl, request, options_, errbuf, retryable);
  lib.easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  char* effective = nullptr;
  lib.easy_getinfo(curl, CURLINFO_EFFECTIVE_URL, &effective);
  response.url = effective ? effective : request.url;
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
