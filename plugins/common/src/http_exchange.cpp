#include "http_exchange.hpp"

#include <algorithm>
#include <memory>

#include "curl_functions.hpp"

namespace floe::plugin_support {
namespace {

struct Collected {
  std::string* body;
  std::size_t limit;
};

size_t collect(char* data, size_t size, size_t count, void* user) {
  auto* into = static_cast<Collected*>(user);
  // Refuse answers past the caller's limit rather than grow without bound.
  if (into->body->size() + size * count > into->limit) return 0;
  into->body->append(data, size * count);
  return size * count;
}

}  // namespace

HttpReply exchange(const std::string& method, const std::string& url, const std::vector<std::string>& headers,
                   const std::string& body, std::chrono::milliseconds timeout, const std::string& ca_file,
                   std::size_t max_body) {
  HttpReply reply;
  const auto* c = floe::plugin_support::open_curl(reply.problem);
  if (c == nullptr) return reply;
  std::unique_ptr<CURL, void (*)(CURL*)> handle(c->easy_init(), c->easy_cleanup);
  if (!handle) {
    reply.problem = "libcurl could not start a request";
    return reply;
  }
  curl_slist* list = nullptr;
  for (const auto& h : headers) list = c->slist_append(list, h.c_str());
  bool typed = false;
  for (const auto& header : headers) typed = typed || header.rfind("Content-Type:", 0) == 0;
  if (!body.empty() && !typed) list = c->slist_append(list, "Content-Type: application/json");
  CURL* h = handle.get();
  long ms = static_cast<long>(timeout.count());
  c->easy_setopt(h, CURLOPT_URL, url.c_str());
  c->easy_setopt(h, CURLOPT_HTTPHEADER, list);
  c->easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  c->easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  c->easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  c->easy_setopt(h, CURLOPT_TIMEOUT_MS, ms);
  c->easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, std::min(ms, 5000L));
  c->easy_setopt(h, CURLOPT_CUSTOMREQUEST, method.c_str());
  if (!ca_file.empty()) c->easy_setopt(h, CURLOPT_CAINFO, ca_file.c_str());
  if (!body.empty()) {
    c->easy_setopt(h, CURLOPT_POSTFIELDS, body.c_str());
    c->easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  }
  c->easy_setopt(h, CURLOPT_WRITEFUNCTION, &collect);
  Collected into{&reply.body, max_body};
  c->easy_setopt(h, CURLOPT_WRITEDATA, &into);
  CURLcode rc = c->easy_perform(h);
  c->slist_free_all(list);
  if (rc != CURLE_OK) {
    reply.body.clear();
    reply.timed_out = rc == CURLE_OPERATION_TIMEDOUT;
    reply.problem = rc == CURLE_OPERATION_TIMEDOUT ? "no answer within " + std::to_string(ms) + " ms"
                    : rc == CURLE_WRITE_ERROR ? "the answer is larger than " + std::to_string(max_body >> 20) + " MiB"
                                              : c->easy_strerror(rc);
    return reply;
  }
  reply.answered = true;
  c->easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply.status);
  return reply;
}

}  // namespace floe::plugin_support
