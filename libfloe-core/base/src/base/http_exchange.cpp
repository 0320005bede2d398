#include "base/http_exchange.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>

#include "base/curl_library.hpp"

namespace floe::base {
namespace {

std::string trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return std::string(s);
}

// Where the answer goes while the exchange runs.
struct Collected {
  const CurlLibrary* c;
  CURL* h;
  const HttpCall* call;
  HttpReply* reply;
  bool over = false;
  bool refused = false;

  long status() const {
    long code = 0;
    c->easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    return code;
  }
};

size_t collect(char* data, size_t size, size_t count, void* user) {
  auto* into = static_cast<Collected*>(user);
  const HttpCall& call = *into->call;
  std::size_t n = size * count;
  if (!call.keep_body) return n;
  long status = call.follow_redirects || call.sink ? into->status() : 0;
  if (call.follow_redirects && status >= 300 && status < 400) return n;  // a redirect's own body
  if (call.sink && status >= 200 && status < 300) {
    if (call.sink(std::string_view(data, n))) return n;
    into->refused = true;
    return 0;
  }
  std::string& body = into->reply->body;
  if (body.size() + n > call.max_body) {
    // An error body beside a sink is read for its message only: its start.
    if (call.sink) return n;
    // Refuse answers past the caller's limit rather than grow without
    // bound: libcurl stops reading (CURLE_WRITE_ERROR).
    into->over = true;
    return 0;
  }
  body.append(data, n);
  return n;
}

size_t collect_header(char* data, size_t size, size_t count, void* user) {
  auto* into = static_cast<Collected*>(user);
  std::string_view line(data, size * count);
  // A status line starts a new response (a redirect, 100 Continue): only
  // the final response's headers are kept.
  if (line.substr(0, 5) == "HTTP/") into->reply->headers.clear();
  else if (auto colon = line.find(':'); colon != std::string_view::npos)
    into->reply->headers.emplace_back(trimmed(line.substr(0, colon)), trimmed(line.substr(colon + 1)));
  return size * count;
}

int progress(void* user, curl_off_t down_total, curl_off_t down, curl_off_t up_total, curl_off_t up) {
  const auto* call = static_cast<const HttpCall*>(user);
  if (call->progress) {
    bool uploading = up_total > down_total;
    call->progress(static_cast<std::uint64_t>(uploading ? up : down),
                   static_cast<std::uint64_t>(uploading ? up_total : down_total));
  }
  return call->cancelled && call->cancelled() ? 1 : 0;  // non-zero aborts the transfer
}

// A streamed request body: a slice of a file. libcurl seeks back to its
// start when it must send it again (a redirect, an authentication rewind).
struct FileBody {
  std::FILE* file = nullptr;
  std::int64_t offset = 0, length = 0, pos = 0;
  ~FileBody() {
    if (file != nullptr) std::fclose(file);
  }
  // "" or why the file cannot be read.
  std::string open(const HttpCall& call) {
    file = std::fopen(call.body_file.c_str(), "rb");
    if (file == nullptr) return "cannot read " + call.body_file + ": " + std::strerror(errno);
    offset = call.body_offset;
    if (call.body_length >= 0) {
      length = call.body_length;
    } else {
      if (fseeko(file, 0, SEEK_END) != 0) return "cannot read " + call.body_file;
      length = static_cast<std::int64_t>(ftello(file)) - offset;
    }
    if (length < 0 || fseeko(file, static_cast<off_t>(offset), SEEK_SET) != 0) return "cannot read " + call.body_file;
    return "";
  }
  static size_t read(char* buffer, size_t size, size_t count, void* self) {
    auto* b = static_cast<FileBody*>(self);
    std::size_t want = std::min<std::size_t>(size * count, static_cast<std::size_t>(b->length - b->pos));
    if (want == 0) return 0;
    std::size_t got = std::fread(buffer, 1, want, b->file);
    if (got == 0) return CURL_READFUNC_ABORT;
    b->pos += static_cast<std::int64_t>(got);
    return got;
  }
  static int seek(void* self, curl_off_t to, int origin) {
    auto* b = static_cast<FileBody*>(self);
    if (origin != SEEK_SET || to < 0 || to > b->length) return CURL_SEEKFUNC_CANTSEEK;
    if (fseeko(b->file, static_cast<off_t>(b->offset + to), SEEK_SET) != 0) return CURL_SEEKFUNC_FAIL;
    b->pos = to;
    return CURL_SEEKFUNC_OK;
  }
};

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
  FileBody file;
  if (!call.body_file.empty())
    if (std::string problem = file.open(call); !problem.empty()) {
      reply.problem = problem;
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
  if (!call.body.empty() && !typed && !call.default_content_type.empty())
    list = c->slist_append(list, ("Content-Type: " + call.default_content_type).c_str());
  list = c->slist_append(list, "Expect:");  // no 100-continue round trip before a body
  CURL* h = handle.get();
  long ms = static_cast<long>(call.timeout.count());
  long connect_ms = static_cast<long>(call.connect_timeout.count());
  char detail[CURL_ERROR_SIZE] = {0};
  c->easy_setopt(h, CURLOPT_URL, call.url.c_str());
  c->easy_setopt(h, CURLOPT_HTTPHEADER, list);
  c->easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  c->easy_setopt(h, CURLOPT_FOLLOWLOCATION, call.follow_redirects ? 1L : 0L);
  if (call.follow_redirects) {
    c->easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    c->easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
    c->easy_setopt(h, CURLOPT_UNRESTRICTED_AUTH, 0L);
  }
  c->easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  c->easy_setopt(h, CURLOPT_ERRORBUFFER, detail);
  c->easy_setopt(h, CURLOPT_TIMEOUT_MS, ms);  // 0: none
  c->easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, ms > 0 ? std::min(ms, connect_ms) : connect_ms);
  if (call.insecure_tls) {
    c->easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
    c->easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  if (!call.ca_file.empty()) c->easy_setopt(h, CURLOPT_CAINFO, call.ca_file.c_str());
  if (!call.user_agent.empty()) c->easy_setopt(h, CURLOPT_USERAGENT, call.user_agent.c_str());
  if (call.accept_compressed) c->easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
  if (call.method == "HEAD") c->easy_setopt(h, CURLOPT_NOBODY, 1L);
  else if (call.method == "GET") c->easy_setopt(h, CURLOPT_HTTPGET, 1L);
  else c->easy_setopt(h, CURLOPT_CUSTOMREQUEST, call.method.c_str());
  if (!call.body_file.empty()) {
    // Upload mode streams through the read callback and sends Content-Length.
    c->easy_setopt(h, CURLOPT_UPLOAD, 1L);
    c->easy_setopt(h, CURLOPT_READFUNCTION, &FileBody::read);
    c->easy_setopt(h, CURLOPT_READDATA, &file);
    c->easy_setopt(h, CURLOPT_SEEKFUNCTION, &FileBody::seek);
    c->easy_setopt(h, CURLOPT_SEEKDATA, &file);
    c->easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(file.length));
  } else if (!call.body.empty() || call.method == "POST" || call.method == "PUT" || call.method == "PATCH") {
    // A POST, PUT or PATCH says its length even when its body is empty.
    c->easy_setopt(h, CURLOPT_POSTFIELDS, call.body.c_str());
    c->easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(call.body.size()));
  }
  Collected into{c, h, &call, &reply};
  c->easy_setopt(h, CURLOPT_WRITEFUNCTION, &collect);
  c->easy_setopt(h, CURLOPT_WRITEDATA, &into);
  if (call.keep_headers) {
    c->easy_setopt(h, CURLOPT_HEADERFUNCTION, &collect_header);
    c->easy_setopt(h, CURLOPT_HEADERDATA, &into);
  }
  if (call.cancelled || call.progress) {
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
    reply.headers.clear();
    reply.curl_code = static_cast<int>(rc);
    reply.timed_out = rc == CURLE_OPERATION_TIMEDOUT;
    reply.cancelled = rc == CURLE_ABORTED_BY_CALLBACK;
    reply.too_large = into.over;
    reply.sink_refused = into.refused;
    reply.detail = detail[0] != '\0' ? std::string(detail) : std::string(c->easy_strerror(rc));
    if (rc == CURLE_COULDNT_CONNECT) c->easy_getinfo(h, CURLINFO_OS_ERRNO, &reply.os_errno);
    reply.problem = rc == CURLE_OPERATION_TIMEDOUT ? "no answer within " + std::to_string(ms) + " ms"
                    : into.over ? "the answer is larger than " + std::to_string(call.max_body) + " bytes"
                                : reply.detail;
    return reply;
  }
  reply.answered = true;
  c->easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply.status);
  char* text = nullptr;
  if (c->easy_getinfo(h, CURLINFO_CONTENT_TYPE, &text) == CURLE_OK && text != nullptr) reply.content_type = text;
  text = nullptr;
  reply.url = c->easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &text) == CURLE_OK && text != nullptr ? text : call.url;
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
