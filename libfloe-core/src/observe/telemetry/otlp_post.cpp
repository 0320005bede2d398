#include "observe/telemetry/otlp_post.hpp"

#include <fmt/format.h>

#include "oci/curl_library.hpp"

namespace floe::observe::telemetry {
namespace {

using oci::CurlLibrary;

constexpr std::size_t kMaxAnswer = 64 * 1024;

std::size_t keep_answer(char* data, std::size_t size, std::size_t n, void* target) {
  auto* body = static_cast<std::string*>(target);
  std::size_t length = size * n;
  if (body->size() < kMaxAnswer) body->append(data, std::min(length, kMaxAnswer - body->size()));
  return length;
}

struct HeaderList {
  const CurlLibrary& lib;
  curl_slist* list = nullptr;
  ~HeaderList() { lib.slist_free_all(list); }
  void add(const std::string& line) { list = lib.slist_append(list, line.c_str()); }
};

// What went wrong, in words that name the collector and the bound but
// nothing the request carried.
std::string describe(const CurlLibrary& lib, CURLcode code, const char* detail, const std::string& url,
                     long timeout_ms) {
  std::string why = detail[0] != '\0' ? detail : lib.easy_strerror(code);
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT: return fmt::format("no answer from {} within {} ms", url, timeout_ms);
    case CURLE_COULDNT_CONNECT: return fmt::format("cannot connect to {} ({})", url, why);
    case CURLE_COULDNT_RESOLVE_HOST: return fmt::format("cannot resolve the host of {} ({})", url, why);
    default: return fmt::format("POST {} failed: {}", url, why);
  }
}

}  // namespace

struct OtlpPoster::Impl {
  const CurlLibrary* lib = nullptr;
  std::string unavailable;  // why libcurl could not be opened
  CURL* curl = nullptr;
  long timeout_ms = 0;
};

OtlpPoster::OtlpPoster(std::chrono::milliseconds timeout) : impl_(std::make_unique<Impl>()) {
  impl_->timeout_ms = static_cast<long>(timeout.count());
  auto opened = oci::curl_library();
  if (!opened) {
    impl_->unavailable = opened.error().message;
    return;
  }
  impl_->lib = opened.value();
  impl_->curl = impl_->lib->easy_init();
}

OtlpPoster::~OtlpPoster() {
  if (impl_->curl != nullptr) impl_->lib->easy_cleanup(impl_->curl);
}

PostOutcome OtlpPoster::post(const std::string& url, const std::string& body, const std::vector<std::string>& headers) {
  PostOutcome out;
  CURL* curl = impl_->curl;
  if (curl == nullptr) {
    out.problem = impl_->unavailable.empty() ? "libcurl could not be initialised" : impl_->unavailable;
    return out;
  }
  const CurlLibrary& lib = *impl_->lib;
  lib.easy_reset(curl);
  HeaderList list{lib};
  list.add("Content-Type: application/json");
  list.add("Expect:");  // no 100-continue round trip
  for (const auto& h : headers) list.add(h);
  char detail[CURL_ERROR_SIZE] = {0};
  static const std::string agent = fmt::format("floe/{}", FLOE_VERSION_STRING);
  lib.easy_setopt(curl, CURLOPT_URL, url.c_str());
  lib.easy_setopt(curl, CURLOPT_USERAGENT, agent.c_str());
  lib.easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  lib.easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  lib.easy_setopt(curl, CURLOPT_ERRORBUFFER, detail);
  lib.easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, impl_->timeout_ms);
  lib.easy_setopt(curl, CURLOPT_TIMEOUT_MS, impl_->timeout_ms);
  lib.easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);  // a collector does not redirect; headers never travel on
  lib.easy_setopt(curl, CURLOPT_HTTPHEADER, list.list);
  lib.easy_setopt(curl, CURLOPT_POST, 1L);
  lib.easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
  lib.easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  lib.easy_setopt(curl, CURLOPT_WRITEFUNCTION, &keep_answer);
  lib.easy_setopt(curl, CURLOPT_WRITEDATA, &out.body);
  CURLcode code = lib.easy_perform(curl);
  if (code != CURLE_OK) {
    out.problem = describe(lib, code, detail, url, impl_->timeout_ms);
    return out;
  }
  lib.easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &out.status);
  if (out.status < 200 || out.status > 299) {
    std::string first_line = out.body.substr(0, out.body.find('\n')).substr(0, 200);
    out.problem = fmt::format("{} answered HTTP {}{}{}", url, out.status, first_line.empty() ? "" : ": ", first_line);
  }
  return out;
}

}  // namespace floe::observe::telemetry
