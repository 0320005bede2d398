// The "webhook" alert channel: each alert POSTed as JSON to the configured
// URL, signed with HMAC-SHA256 when the platform gives secrets.hmac_key (a
// receiver checks X-Floe-Signature over X-Floe-Timestamp + "." + body).
#include <ctime>

#include "alert_delivery.hpp"
#include "alert_payloads.hpp"
#include "alert_request.hpp"
#include "config_schemas.hpp"
#include "floe/plugin.hpp"

namespace floe::alert_channels {
namespace {

class webhook_channel {
 public:
  static constexpr const char* capabilities[] = {"alert:webhook", "alert:hmac-sha256", nullptr};
  static constexpr floe_plugin_descriptor descriptor = {
      sizeof(floe_plugin_descriptor), FLOE_ABI_VERSION, FLOE_CATEGORY_ALERT_CHANNEL, 0, "webhook", "0.1.0",
      "Alerts as a JSON POST to any HTTP endpoint, signed with HMAC-SHA256", capabilities, nullptr,
      webhook_config_schema_json,
  };

  webhook_channel(const boost::json::object& config, floe::sdk::host& host)
      : url_(floe::sdk::required_string(config, "url")), policy_(delivery_policy(config)), host_(host) {}

  boost::json::value send_alert(const boost::json::value& request) {
    AlertRequest r = parse_alert_request(request);
    std::string body = webhook_body(r, utc_now_iso());
    std::vector<std::string> headers;
    if (r.secrets.count("hmac_key")) {
      std::string why;
      auto key = request_secret(r, "hmac_key", host_, why);
      if (!key) return boost::json::object{{"delivered", false}, {"message", why}, {"attempts", 0}};
      std::string timestamp = std::to_string(std::time(nullptr));
      headers.push_back("X-Floe-Timestamp: " + timestamp);
      headers.push_back("X-Floe-Signature: sha256=" + hmac_sha256_hex(*key, timestamp + "." + body));
    }
    Delivery d = post_json(url_, url_, body, headers, policy_, host_);
    return boost::json::object{{"delivered", d.delivered}, {"message", d.message}, {"attempts", d.attempts}};
  }

  boost::json::value validate_config(const boost::json::value& request) {
    floe::sdk::as_object(request, "validate_config request");
    boost::json::array problems;
    if (url_.rfind("http://", 0) == 0 && url_.find("://127.0.0.1") == std::string::npos &&
        url_.find("://localhost") == std::string::npos && url_.find("://[::1]") == std::string::npos)
      problems.emplace_back("url is plain http to a host other than the loopback: alerts would travel unencrypted");
    return boost::json::object{{"problems", std::move(problems)}};
  }

 private:
  std::string url_;
  DeliveryPolicy policy_;
  floe::sdk::host& host_;
};

}  // namespace
}  // namespace floe::alert_channels

FLOE_PLUGIN(floe::alert_channels::webhook_channel)
