// Delivering an alert over the network with libcurl (opened on first use,
// libfloe-core/base curl_library.hpp): an HTTP POST of a JSON body, or one mail
// over SMTP. Transient failures (no connection, a timeout, HTTP 429 or 5xx,
// an SMTP 4xx) are retried with doubling backoff up to the policy's count,
// polling the host's cancel request; anything else is final at once.
#pragma once

#include <string>
#include <vector>

#include "alert_request.hpp"
#include "floe/plugin.hpp"

namespace floe::alert_channels {

struct Delivery {
  bool delivered = false;
  std::string message;  // what happened, for the host's report: never a secret
  int attempts = 0;
};

// POSTs `body` (application/json) to `url` with the extra `headers`
// ("Name: value"). `shown_url` is how messages name the destination (a
// Slack URL is a secret: it is shown as "the Slack webhook").
Delivery post_json(const std::string& url, const std::string& shown_url, const std::string& body,
                   const std::vector<std::string>& headers, const DeliveryPolicy& policy, const floe::sdk::host& host);

struct Mail {
  std::string smtp_url;  // smtp://host:port or smtps://host:port
  std::string from;
  std::vector<std::string> to;
  std::string username, password;  // "" = no login
  bool require_tls = false;        // STARTTLS required on smtp://
  std::string text;                // the whole message: headers, blank line, body (CRLF line ends)
};
Delivery send_mail(const Mail& mail, const DeliveryPolicy& policy, const floe::sdk::host& host);

// Lower-case hex HMAC-SHA256 of `data` under `key` (the webhook signature).
std::string hmac_sha256_hex(const std::string& key, const std::string& data);

}  // namespace floe::alert_channels
