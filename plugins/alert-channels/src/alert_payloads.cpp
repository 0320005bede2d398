#include "alert_payloads.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <ctime>

namespace floe::alert_channels {
namespace json = boost::json;

namespace {

// Header values: no line breaks (a title cannot add headers).
std::string one_line(std::string s) {
  for (char& c : s)
    if (c == '\r' || c == '\n') c = ' ';
  return s;
}

std::string time_text(const char* format) {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[64];
  std::strftime(buffer, sizeof buffer, format, &tm);
  return buffer;
}

// Slack's mrkdwn needs &, < and > escaped.
std::string slack_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else out += c;
  }
  return out;
}

const char* emoji(const std::string& severity) {
  return severity == "critical" ? ":red_circle:" : severity == "warning" ? ":large_orange_circle:" : ":large_blue_circle:";
}

}  // namespace

std::string utc_now_iso() { return time_text("%Y-%m-%dT%H:%M:%SZ"); }
std::string utc_now_rfc5322() { return time_text("%a, %d %b %Y %H:%M:%S +0000"); }

std::string webhook_body(const AlertRequest& r, const std::string& sent_at) {
  json::object o{{"floe_alert", 1},   {"severity", r.severity}, {"title", r.title},
                 {"message", r.message}, {"product", r.product}, {"details", r.details},
                 {"sent_at", sent_at}};
  if (!r.contract.empty()) o["contract"] = r.contract;
  return json::serialize(o);
}

std::string slack_body(const AlertRequest& r) {
  std::string context = fmt::format("*{}* · {}{}", slack_escape(r.product), r.severity,
                                    r.contract.empty() ? "" : " · contract " + slack_escape(r.contract));
  json::array blocks{
      json::object{{"type", "header"},
                   {"text", json::object{{"type", "plain_text"}, {"text", r.title.substr(0, 150)}}}},
      json::object{{"type", "section"},
                   {"text", json::object{{"type", "mrkdwn"}, {"text", slack_escape(r.message).substr(0, 3000)}}}},
      json::object{{"type", "context"},
                   {"elements", json::array{json::object{{"type", "mrkdwn"}, {"text", context}}}}}};
  return json::serialize(json::object{
      {"text", fmt::format("{} {} — {}", emoji(r.severity), r.title, r.product)}, {"blocks", std::move(blocks)}});
}

std::string mail_text(const AlertRequest& r, const std::string& from, const std::vector<std::string>& to,
                      const std::string& date, const std::string& message_id) {
  std::string recipients;
  for (const auto& t : to) recipients += (recipients.empty() ? "" : ", ") + t;
  std::string text = fmt::format(
      "Date: {}\r\nFrom: {}\r\nTo: {}\r\nMessage-ID: {}\r\nSubject: [floe {}] {}\r\n"
      "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n",
      date, one_line(from), one_line(recipients), message_id, r.severity, one_line(r.title));
  std::string body = fmt::format("{}\n\nproduct: {}\n", r.message, r.product);
  if (!r.contract.empty()) body += fmt::format("contract: {}\n", r.contract);
  for (const auto& [key, value] : r.details)
    body += fmt::format("{}: {}\n", std::string(key), value.is_string() ? std::string(value.get_string()) : json::serialize(value));
  // CRLF line ends (libcurl escapes a line that starts with "." itself)
  std::size_t start = 0;
  while (start <= body.size()) {
    std::size_t end = body.find('\n', start);
    std::string line = body.substr(start, end == std::string::npos ? std::string::npos : end - start);
    text += line + "\r\n";
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return text;
}

}  // namespace floe::alert_channels
