// The "email" alert channel: each alert as a plain-text mail over SMTP
// (libcurl), STARTTLS required unless require_tls is false; a login from
// secrets.username / secrets.password when the platform gives them.
#include <random>

#include <fmt/format.h>

#include "alert_delivery.hpp"
#include "alert_payloads.hpp"
#include "alert_request.hpp"
#include "config_schemas.hpp"
#include "floe/plugin.hpp"

namespace floe::alert_channels {
namespace {

class email_channel {
 public:
  static constexpr const char* capabilities[] = {"alert:email", "alert:smtp", nullptr};
  static constexpr floe_plugin_descriptor descriptor = {
      sizeof(floe_plugin_descriptor), FLOE_ABI_VERSION, FLOE_CATEGORY_ALERT_CHANNEL, 0, "email", "0.1.0",
      "Alerts as e-mail over SMTP", capabilities, nullptr, email_config_schema_json,
  };

  email_channel(const boost::json::object& config, floe::sdk::host& host) : policy_(delivery_policy(config)), host_(host) {
    mail_.smtp_url = floe::sdk::required_string(config, "smtp_url");
    mail_.from = floe::sdk::required_string(config, "from");
    if (const auto* to = config.if_contains("to"); to != nullptr && to->is_array())
      for (const auto& t : to->get_array())
        if (t.is_string()) mail_.to.emplace_back(t.get_string());
    if (mail_.to.empty()) throw floe::sdk::error(FLOE_ERR_INVALID_CONFIG, "key 'to': at least one recipient");
    const auto* tls = config.if_contains("require_tls");
    mail_.require_tls = tls == nullptr || !tls->is_bool() || tls->get_bool();
  }

  boost::json::value send_alert(const boost::json::value& request) {
    AlertRequest r = parse_alert_request(request);
    Mail mail = mail_;
    std::string why;
    if (r.secrets.count("username")) {
      auto user = request_secret(r, "username", host_, why);
      auto password = user ? request_secret(r, "password", host_, why) : std::nullopt;
      if (!user || !password) return boost::json::object{{"delivered", false}, {"message", why}, {"attempts", 0}};
      mail.username = *user;
      mail.password = *password;
    }
    std::random_device random;
    std::string domain = mail.from.substr(mail.from.find('@') + 1);
    std::string id = fmt::format("<floe.{:08x}{:08x}@{}>", random(), random(), domain);
    mail.text = mail_text(r, mail.from, mail.to, utc_now_rfc5322(), id);
    Delivery d = send_mail(mail, policy_, host_);
    return boost::json::object{{"delivered", d.delivered}, {"message", d.message}, {"attempts", d.attempts}};
  }

  boost::json::value validate_config(const boost::json::value& request) {
    floe::sdk::as_object(request, "validate_config request");
    boost::json::array problems;
    if (!mail_.require_tls && mail_.smtp_url.rfind("smtp://", 0) == 0)
      problems.emplace_back("require_tls is false on smtp://: alerts (and a login) may travel unencrypted");
    return boost::json::object{{"problems", std::move(problems)}};
  }

 private:
  Mail mail_;
  DeliveryPolicy policy_;
  floe::sdk::host& host_;
};

}  // namespace
}  // namespace floe::alert_channels

FLOE_PLUGIN(floe::alert_channels::email_channel)
