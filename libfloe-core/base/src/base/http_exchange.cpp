#include "base/http_exchange.hpp"

#include <algorithm>
#include <memory>
#include <mutex>

#include "base/curl_library.hpp"

namespace floe::base {
namespace {

struct Collected {
  std::string* body;
  std::size_t limit;
  bool keep;
  bool over = false;
};

size_t collect(char* data, size_t size, size_t count, void* user) {
  auto* into = static_cast<Collected*>(user);
  if (!into->keep) return size * count;
  // Refuse answers past the caller's limit rather than grow without bound:
  // libcurl stops reading (CURLE_WRITE_ERROR).
  if (into->body->size() + size * count > into->limit) {
    into->over = true;
    return 0;
  }
  into->body->append(data, size * count);
  return size * count;
}

// The handle of one exchange: the pool's (given back after) or its own.
class Handle {
 public:
  Handle(const CurlLibrary& c, HttpConnections* pool)
      : c_(c), pool_(pool), h_(static_cast<CURL*>(pool != nullptr ? pool->acquire() : c.easy_init())) {}
  ~Handle() {
    if (h_ == nullptr) return;
    if (pool_ == nullptr) {
      c_.easy_cleanup(h_);
      return;
    }
    // It pointed at this exchange's header list and error buffer.
    c_.easy_setopt(h_, CURLOPT_HTTPHEADER, nullptr);
    c_.easy_setopt(h_, CURLOPT_ERRORBUFFER, nullptr);
    pool_->release(h_);
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  CURL* get() const { return h_; }

 private:
  const CurlLibrary& c_;
  HttpConnections* pool_;
  CURL* h_;
};

int progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  const auto* call = static_cast<const HttpCall*>(user);
  return call->cancelled() ? 1 : 0;  // non-zero aborts the transfer
}

}  // namespace

struct HttpConnections::Pool {
  std::mutex mutex;
  std::vector<CURL*> idle;
};

HttpConnections::HttpConnections() : pool_(new Pool) {}

HttpConnections::~HttpConnections() {
  for (CURL* h : pool_->idle) curl_library().library->easy_cleanup(h);
}

void* HttpConnections::acquire() {
  std::string problem;
  const CurlLibrary* c = open_curl(problem);
  if (c == nullptr) return nullptr;
  std::lock_guard<std::mutex> lock(pool_->mutex);
  if (pool_->idle.empty()) return c->easy_init();
  CURL* h = pool_->idle.back();
  pool_->idle.pop_back();
  c->easy_reset(h);  // options go, the connection stays
  return h;
}

void HttpConnections::release(void* handle) {
  auto* h = static_cast<CURL*>(handle);
  std::lock_guard<std::mutex> lock(pool_->mutex);
  // As many as the clients' parallel requests (8): more would only hold sockets.
  if (pool_->idle.size() < 8) pool_->idle.push_back(h);
  else curl_library().library->easy_cleanup(h);
}

bool has_control_character(std::string_view line) {
  return std::any_of(line.begin(), line.end(), [](char c) { return (c >= 0 && c < 0x20 && c != '\t') || c == 0x7f; });
}

HttpReply exchange(const HttpCall& call) {
  HttpReply reply;
  const CurlLibrary* c = open_curl(reply.problem);
  if (c == nullptr) return reply;
  for (const auto& header : call.headers)
    if (has_control_character(header)) {
      reply.problem = "refusing to send a request header that holds control characters (header injection)";
      return reply;
    }
  Handle handle(*c, call.connections);
  if (handle.get() == nullptr) {
    reply.problem = "libcurl could not start a request";
    return reply;
  }
  curl_slist* list = nullptr;
  for (const auto& h : call.headers) list = c->slist_append(list, h.c_str());
  bool typed = false;
  for (const auto& header : call.headers) typed = typed || header.rfind("Content-Type:", 0) == 0;
  if (!call.body.empty() && !typed) list = c->slist_append(list, "Content-Type: application/json");
  list = c->slist_append(list, "Expect:");  // no 100-continue round trip before a body
  CURL* h = handle.get();
  long ms = static_cast<long>(call.timeout.count());
  char detail[CURL_ERROR_SIZE] = {0};
  c->easy_setopt(h, CURLOPT_URL, call.url.c_str());
  c->easy_setopt(h, CURLOPT_HTTPHEADER, list);
  c->easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  c->easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  c->easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  c->easy_setopt(h, CURLOPT_ERRORBUFFER, detail);
  c->easy_setopt(h, CURLOPT_TIMEOUT_MS, ms);
  c->easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, std::min(ms, static_cast<long>(call.connect_timeout.count())));
  if (call.method == "HEAD") c->easy_setopt(h, CURLOPT_NOBODY, 1L);
  else c->easy_setopt(h, CURLOPT_CUSTOMREQUEST, call.method.c_str());
  if (!call.ca_file.empty()) c->easy_setopt(h, CURLOPT_CAINFO, call.ca_file.c_str());
  if (!call.user_agent.empty()) c->easy_setopt(h, CURLOPT_USERAGENT, call.user_agent.c_str());
  if (call.accept_compressed) c->easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
  // A POST or PUT says its length even when its body is empty.
  if (!call.body.empty() || call.method == "POST" || call.method == "PUT") {
    c->easy_setopt(h, CURLOPT_POSTFIELDS, call.body.c_str());
    c->easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(call.body.size()));
  }
  Collected into{&reply.body, call.max_body, call.keep_body};
  c->easy_setopt(h, CURLOPT_WRITEFUNCTION, &collect);
  c->easy_setopt(h, CURLOPT_WRITEDATA, &into);
  if (call.cancelled) {
    c->easy_setopt(h, CURLOPT_XFERINFOFUNCTION, &progress);
    c->easy_setopt(h, CURLOPT_XFERINFODATA, &call);
    c->easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
  }
  auto started = std::chrono::steady_clock::now();
  CURLcode rc = c->easy_perform(h);
  reply.latency_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  c->slist_free_all(list);
  if (rc != CURLE_OK) {
    reply.body.clear();
    reply.curl_code = static_cast<int>(rc);
    reply.timed_out = rc == CURLE_OPERATION_TIMEDOUT;
    reply.cancelled = rc == CURLE_ABORTED_BY_CALLBACK;
    reply.too_large = into.over;
    reply.problem = rc == CURLE_OPERATION_TIMEDOUT ? "no answer within " + std::to_string(ms) + " ms"
                    : into.over ? "the answer is larger than " + std::to_string(call.max_body) + " bytes"
                    : detail[0] != '\0'      ? std::string(detail)
                                             : std::string(c->easy_strerror(rc));
    return reply;
  }
  reply.answered = true;
  c->easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply.status);
  char* type = nullptr;
  if (c->easy_getinfo(h, CURLINFO_CONTENT_TYPE, &type) == CURLE_OK && type != nullptr) reply.content_type = type;
  return reply;
}

HttpReply exchange(const std::string& method, const std::string& url, const std::vector<std::string>& headers,
                   const std::string& body, std::chrono::milliseconds timeout, const std::string& ca_file,
                   std::size_t max_body) {
  HttpCall call;
  call.method = method;
  call.url = url;
  call.headers = headers;
  call.body = body;
  call.timeout = timeout;
  call.ca_file = ca_file;
  call.max_body = max_body;
  return exchange(call);
}

}  // namespace floe::base
