// The "slack" alert channel: each alert as a message to a Slack incoming
// webhook. The webhook URL is a credential (anyone holding it can post), so
// it comes from secrets.webhook_url and is never named in an answer.
#include "alert_delivery.hpp"
#include "alert_payloads.hpp"
#include "alert_request.hpp"
#include "config_schemas.hpp"
#include "floe/plugin.hpp"

namespace floe::alert_channels {
namespace {

class slack_channel {
 public:
  static constexpr const char* capabilities[] = {"alert:slack", nullptr};
  static constexpr floe_plugin_descriptor descriptor = {
      sizeof(floe_plugin_descriptor), FLOE_ABI_VERSION, FLOE_CATEGORY_ALERT_CHANNEL, 0, "slack", "0.1.0",
      "Alerts as Slack messages through an incoming webhook (secrets.webhook_url)", capabilities, nullptr,
      slack_config_schema_json,
  };

  slack_channel(const boost::json::object& config, floe::sdk::host& host)
      : channel_(floe::sdk::optional_string(config, "channel_name").value_or("")),
        policy_(delivery_policy(config)),
        host_(host) {}

  boost::json::value send_alert(const boost::json::value& request) {
    AlertRequest r = parse_alert_request(request);
    std::string why;
    auto url = request_secret(r, "webhook_url", host_, why);
    if (!url) return boost::json::object{{"delivered", false}, {"message", why}, {"attempts", 0}};
    if (url->rfind("https://", 0) != 0 && url->rfind("http://127.0.0.1", 0) != 0 && url->rfind("http://localhost", 0) != 0)
      return boost::json::object{{"delivered", false},
                                 {"message", "secret 'webhook_url' is not an https:// URL"},
                                 {"attempts", 0}};
    std::string shown = channel_.empty() ? "the Slack webhook" : "the Slack webhook of " + channel_;
    Delivery d = post_json(*url, shown, slack_body(r), {}, policy_, host_);
    return boost::json::object{{"delivered", d.delivered}, {"message", d.message}, {"attempts", d.attempts}};
  }

  boost::json::value validate_config(const boost::json::value& request) {
    floe::sdk::as_object(request, "validate_config request");
    return boost::json::object{{"problems", boost::json::array()}};
  }

 private:
  std::string channel_;
  DeliveryPolicy policy_;
  floe::sdk::host& host_;
};

}  // namespace
}  // namespace floe::alert_channels

FLOE_PLUGIN(floe::alert_channels::slack_channel)
