#include "iceberg/http.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <mutex>

#include "base/curl_library.hpp"
#include "base/http_exchange.hpp"

namespace floe::iceberg::detail {

namespace {

// libcurl is opened on first use, not linked (base/curl_library.hpp): the
// catalog plugins carry this client, floe loads every plugin a platform
// selects when it compiles, and a compile must not pay for libcurl and what
// it brings (nor fail when it is unusable: tests/cli/lazy_library_test.cpp).
// The opened libcurl, or TransportError{unavailable} saying why not.
const base::CurlLibrary& usable_curl() {
  std::string problem;
  const base::CurlLibrary* c = base::open_curl(problem);
  if (c == nullptr) throw TransportError{TransportFailure::unavailable, problem};
  return *c;
}

// The opened libcurl where a handle or a list of it exists (so it opened).
const base::CurlLibrary& curl() { return *base::curl_library().library; }

// Where a response body goes: at most `cap` bytes. An endless or huge answer
// (a hostile or broken catalog) stops the transfer at the cap instead of
// growing the process until the machine swaps.
struct BodyBuffer {
  std::string* body = nullptr;
  std::size_t cap = 0;
  bool over = false;
};

size_t write_body(char* data, size_t size, size_t count, void* user) {
  auto* b = static_cast<BodyBuffer*>(user);
  std::size_t len = size * count;
  if (b->body->size() + len > b->cap) {
    b->over = true;
    return 0;  // libcurl stops with CURLE_WRITE_ERROR
  }
  b->body->append(data, len);
  return len;
}

struct HeaderList {
  curl_slist* list = nullptr;
  ~HeaderList() {
    if (list != nullptr) curl().slist_free_all(list);
  }
  void add(const std::string& h) {
    // A header line with a CR, LF or other control character would be split
    // into several by the server: refused, whatever put it there.
    if (base::has_control_character(h))
      throw TransportError{TransportFailure::unavailable,
                           "refusing to send a request header that holds control characters (header injection)"};
    curl_slist* next = usable_curl().slist_append(list, h.c_str());
    if (next == nullptr) throw std::bad_alloc();
    list = next;
  }
};

}  // namespace

struct HttpTransport::Pool {
  std::mutex mutex;
  std::vector<CURL*> idle;
  ~Pool() {
    for (CURL* h : idle) curl().easy_cleanup(h);
  }
  CURL* acquire() {
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (!idle.empty()) {
        CURL* h = idle.back();
        idle.pop_back();
        return h;
      }
    }
    CURL* h = usable_curl().easy_init();
    if (h == nullptr) throw std::bad_alloc();
    return h;
  }
  void release(CURL* h) {
    std::lock_guard<std::mutex> lock(mutex);
    if (idle.size() < 8) idle.push_back(h);
    else curl().easy_cleanup(h);
  }
};

HttpTransport::HttpTransport(TransportOptions options) : options_(std::move(options)), pool_(new Pool) {}

HttpTransport::~HttpTransport() = default;

HttpResponse HttpTransport::perform(const HttpRequest& request) {
  const base::CurlLibrary& c = usable_curl();
  CURL* h = pool_->acquire();
  struct Return {
    Pool* pool;
    CURL* h;
    ~Return() { pool->release(h); }
  } give_back{pool_.get(), h};
  c.easy_reset(h);

  HttpResponse response;
  HeaderList headers;
  for (const auto& line : request.headers) headers.add(line);
  headers.add("Expect:");  // no 100-continue round trip on POST
  c.easy_setopt(h, CURLOPT_URL, request.url.c_str());
  c.easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  c.easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  c.easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout.count()));
  c.easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.request_timeout.count()));
  c.easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  c.easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
  c.easy_setopt(h, CURLOPT_USERAGENT, "floe-iceberg/0.1");
  if (!options_.ca_file.empty()) c.easy_setopt(h, CURLOPT_CAINFO, options_.ca_file.c_str());
  BodyBuffer buffer{&response.body, options_.max_response_bytes};
  c.easy_setopt(h, CURLOPT_WRITEFUNCTION, &write_body);
  c.easy_setopt(h, CURLOPT_WRITEDATA, &buffer);
  if (request.method == "GET") {
    c.easy_setopt(h, CURLOPT_HTTPGET, 1L);
  } else if (request.method == "HEAD") {
    c.easy_setopt(h, CURLOPT_NOBODY, 1L);
  } else if (request.method == "POST") {
    c.easy_setopt(h, CURLOPT_POST, 1L);
    c.easy_setopt(h, CURLOPT_POSTFIELDS, request.body.c_str());
    c.easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  } else {
    c.easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    if (request.has_body) {
      c.easy_setopt(h, CURLOPT_POSTFIELDS, request.body.c_str());
      c.easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    }
  }
  c.easy_setopt(h, CURLOPT_HTTPHEADER, headers.list);
  char errbuf[CURL_ERROR_SIZE] = {0};
  c.easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);

  CURLcode rc = c.easy_perform(h);
  // The handle keeps pointers to our header list and buffers: drop them now.
  c.easy_setopt(h, CURLOPT_HTTPHEADER, nullptr);
  c.easy_setopt(h, CURLOPT_ERRORBUFFER, nullptr);
  if (buffer.over) {
    throw TransportError{TransportFailure::too_large,
                         "the response to " + request.method + " " + request.url.substr(0, request.url.find('?')) +
                             " is larger than " + std::to_string(options_.max_response_bytes) +
                             " bytes; stopped reading it (max_response_bytes raises the limit)"};
  }
  if (rc != CURLE_OK) {
    std::string message = errbuf[0] != '\0' ? std::string(errbuf) : std::string(c.easy_strerror(rc));
    TransportFailure failure =
        rc == CURLE_OPERATION_TIMEDOUT ? TransportFailure::timeout : TransportFailure::unavailable;
    throw TransportError{failure, message};
  }
  c.easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
  char* ct = nullptr;
  if (c.easy_getinfo(h, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK && ct != nullptr) response.content_type = ct;
  c.easy_getinfo(h, CURLINFO_TOTAL_TIME, &response.seconds);
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
