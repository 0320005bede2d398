#include "alert_delivery.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <functional>
#include <thread>

#include "base/curl_library.hpp"
#include "base/http_exchange.hpp"

namespace floe::alert_channels {
namespace {

using floe::base::CurlLibrary;

struct Upload {
  const std::string* text;
  size_t at = 0;
};
size_t read_upload(char* buffer, size_t size, size_t count, void* data) {
  auto* u = static_cast<Upload*>(data);
  size_t n = std::min(size * count, u->text->size() - u->at);
  std::memcpy(buffer, u->text->data() + u->at, n);
  u->at += n;
  return n;
}

// One attempt's outcome: transient ones are retried.
struct Attempt {
  bool ok = false;
  bool transient = false;
  std::string what;
};

// Tries up to 1 + retries times, sleeping between in small steps so a
// cancel request is seen.
Delivery with_retries(const DeliveryPolicy& policy, const floe::sdk::host& host, const std::function<Attempt()>& once) {
  Delivery d;
  double backoff = policy.backoff_seconds;
  for (int i = 0; i <= policy.retries; ++i) {
    Attempt a = once();
    d.attempts = i + 1;
    if (a.ok) {
      d.delivered = true;
      d.message = a.what;
      return d;
    }
    d.message = a.what;
    if (!a.transient || i == policy.retries) break;
    auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(backoff);
    while (std::chrono::steady_clock::now() < until) {
      if (host.cancel_requested()) throw floe::sdk::error(FLOE_ERR_CANCELLED, "stopped while retrying: " + d.message);
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    backoff *= 2;
  }
  if (d.attempts > 1) d.message += fmt::format(" (gave up after {} attempts)", d.attempts);
  return d;
}

const CurlLibrary& curl() {
  std::string problem;
  const CurlLibrary* c = floe::base::open_curl(problem);
  if (c == nullptr) throw floe::sdk::error(FLOE_ERR_UNAVAILABLE, "cannot deliver alerts: " + problem);
  return *c;
}

void set_timeouts(const CurlLibrary& c, CURL* h, const DeliveryPolicy& policy) {
  long ms = static_cast<long>(policy.timeout_seconds * 1000);
  c.easy_setopt(h, CURLOPT_TIMEOUT_MS, ms);
  c.easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, std::min(ms, 5000L));
  c.easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
}

}  // namespace

Delivery post_json(const std::string& url, const std::string& shown_url, const std::string& body,
                   const std::vector<std::string>& headers, const DeliveryPolicy& policy, const floe::sdk::host& host) {
  curl();  // libcurl that cannot be used is UNAVAILABLE at once, not retried
  return with_retries(policy, host, [&]() -> Attempt {
    base::HttpCall call;
    call.method = "POST";
    call.url = url;
    call.headers = headers;
    call.headers.insert(call.headers.begin(), "Content-Type: application/json");
    call.body = body;
    call.timeout = std::chrono::milliseconds(static_cast<long>(policy.timeout_seconds * 1000));
    call.keep_body = false;  // only its status matters
    base::HttpReply reply = base::exchange(call);
    if (!reply.answered) return {false, true, fmt::format("{} could not be reached: {}", shown_url, reply.problem)};
    long status = reply.status;
    if (status >= 200 && status < 300) return {true, false, fmt::format("{} accepted it (HTTP {})", shown_url, status)};
    bool transient = status == 429 || status >= 500;
    return {false, transient, fmt::format("{} answered HTTP {}", shown_url, status)};
  });
}

Delivery send_mail(const Mail& mail, const DeliveryPolicy& policy, const floe::sdk::host& host) {
  const CurlLibrary& c = curl();
  return with_retries(policy, host, [&]() -> Attempt {
    CURL* h = c.easy_init();
    if (h == nullptr) return {false, false, "libcurl could not start a request"};
    curl_slist* rcpt = nullptr;
    for (const auto& to : mail.to) rcpt = c.slist_append(rcpt, ("<" + to + ">").c_str());
    std::string from = "<" + mail.from + ">";
    Upload upload{&mail.text};
    c.easy_setopt(h, CURLOPT_URL, mail.smtp_url.c_str());
    c.easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    c.easy_setopt(h, CURLOPT_MAIL_FROM, from.c_str());
    c.easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
    c.easy_setopt(h, CURLOPT_READFUNCTION, &read_upload);
    c.easy_setopt(h, CURLOPT_READDATA, &upload);
    c.easy_setopt(h, CURLOPT_UPLOAD, 1L);
    if (mail.require_tls) c.easy_setopt(h, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    if (!mail.username.empty()) {
      c.easy_setopt(h, CURLOPT_USERNAME, mail.username.c_str());
      c.easy_setopt(h, CURLOPT_PASSWORD, mail.password.c_str());
    }
    set_timeouts(c, h, policy);
    CURLcode rc = c.easy_perform(h);
    long status = 0;
    c.easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    c.slist_free_all(rcpt);
    c.easy_cleanup(h);
    if (rc == CURLE_OK) return {true, false, fmt::format("{} accepted it for {} recipient(s)", mail.smtp_url, mail.to.size())};
    bool transient = rc == CURLE_COULDNT_CONNECT || rc == CURLE_OPERATION_TIMEDOUT || (status >= 400 && status < 500);
    return {false, transient,
            fmt::format("{} did not take it: {}{}", mail.smtp_url, c.easy_strerror(rc),
                        status != 0 ? fmt::format(" (SMTP {})", status) : std::string())};
  });
}

std::string hmac_sha256_hex(const std::string& key, const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), digest, &length);
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

}  // namespace floe::alert_channels
