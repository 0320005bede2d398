#include "base/http_exchange.hpp"

#include <algorithm>
#include <memory>

#include "base/curl_library.hpp"

namespace floe::base {
namespace {

struct Collected {
  std::string* body;
  std::size_t limit;
  bool keep;
};

size_t collect(char* data, size_t size, size_t count, void* user) {
  auto* into = static_cast<Collected*>(user);
  if (!into->keep) return size * count;
  // Refuse answers past the caller's limit rather than grow without bound.
  if (into->body->size() + size * count > into->limit) return 0;
  into->body->append(data, size * count);
  return size * count;
}

int progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  const auto* call = static_cast<const HttpCall*>(user);
  return call->cancelled() ? 1 : 0;  // non-zero aborts the transfer
}

}  // namespace

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
  std::unique_ptr<CURL, void (*)(CURL*)> handle(c->easy_init(), c->easy_cleanup);
  if (!handle) {
    reply.problem = "libcurl could not start a request";
    return reply;
  }
  curl_slist* list = nullptr;
  for (const auto& h : call.headers) list = c->slist_append(list, h.c_str());
  bool typed = false;
  for (const auto& header : call.headers) typed = typed || header.rfind("Content-Type:", 0) == 0;
  if (!call.body.empty() && !typed) list = c->slist_append(list, "Content-Type: application/json");
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
  if (!call.body.empty()) {
    c->easy_setopt(h, CURLOPT_POSTFIELDS, call.body.c_str());
    c->easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(call.body.size()));
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
    reply.problem = rc == CURLE_OPERATION_TIMEDOUT ? "no answer within " + std::to_string(ms) + " ms"
                    : rc == CURLE_WRITE_ERROR ? "the answer is larger than " + std::to_string(call.max_body >> 20) + " MiB"
                    : detail[0] != '\0'      ? std::string(detail)
                                             : std::string(c->easy_strerror(rc));
    return reply;
  }
  reply.answered = true;
  c->easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply.status);
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
