#include "http_client.hpp"

#include <curl/curl.h>

#include <memory>
#include <mutex>

namespace floe::dbt_cloud {
namespace {

size_t collect(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

int progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  const auto* request = static_cast<const HttpRequest*>(user);
  return request->cancelled && request->cancelled() ? 1 : 0;  // non-zero aborts the transfer
}

}  // namespace

HttpOutcome perform(const HttpRequest& request) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  HttpOutcome outcome;
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
  if (!curl) {
    outcome.problem = "libcurl could not start a request";
    return outcome;
  }
  struct curl_slist* list = nullptr;
  for (const auto& h : request.headers) list = curl_slist_append(list, h.c_str());
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(list, &curl_slist_free_all);
  char error_text[CURL_ERROR_SIZE] = {};
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(request.timeout.count()));
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &outcome.body);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, &progress);
  curl_easy_setopt(c, CURLOPT_XFERINFODATA, &request);
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error_text);
  if (request.method == "POST") {
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
  }
  CURLcode code = curl_easy_perform(c);
  if (code == CURLE_OK) {
    outcome.how = HttpOutcome::kind::answered;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &outcome.status);
    return outcome;
  }
  outcome.body.clear();
  outcome.problem = error_text[0] != '\0' ? error_text : curl_easy_strerror(code);
  outcome.how = code == CURLE_ABORTED_BY_CALLBACK ? HttpOutcome::kind::cancelled
                : code == CURLE_OPERATION_TIMEDOUT ? HttpOutcome::kind::timed_out
                                                   : HttpOutcome::kind::unreachable;
  return outcome;
}

}  // namespace floe::dbt_cloud
