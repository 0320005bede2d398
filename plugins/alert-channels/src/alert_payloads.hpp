// What each channel sends for one alert: the generic webhook's JSON, a Slack
// incoming-webhook message (text plus Block Kit blocks), an e-mail (RFC 5322
// headers and a plain-text body). Only what the request holds, which the host
// builds without secrets.
#pragma once

#include <string>
#include <vector>

#include "alert_request.hpp"

namespace floe::alert_channels {

// {"floe_alert": 1, "severity", "title", "message", "product", "contract"?, "details", "sent_at"}
std::string webhook_body(const AlertRequest& r, const std::string& sent_at);

std::string slack_body(const AlertRequest& r);

// The whole message, with CRLF line ends.
std::string mail_text(const AlertRequest& r, const std::string& from, const std::vector<std::string>& to,
                      const std::string& date, const std::string& message_id);

// "2026-11-24T03:15:00Z" and "Tue, 24 Nov 2026 03:15:00 +0000" for now.
std::string utc_now_iso();
std::string utc_now_rfc5322();

}  // namespace floe::alert_channels
