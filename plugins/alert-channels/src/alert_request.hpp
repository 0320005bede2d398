// A send_alert request of the alert_channel category (docs/plugins/
// alert_channel.md), read strictly: the keys the method takes, their types
// and the severity's values; anything else is FLOE_ERR_INVALID_ARGUMENT
// naming the key.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <map>
#include <optional>
#include <string>

#include "floe/plugin.hpp"

namespace floe::alert_channels {

struct AlertRequest {
  std::string severity;  // info, warning or critical
  std::string title, message, product, contract;
  boost::json::object details;
  std::map<std::string, std::string> secrets;  // name -> reference ("env:NAME", "file:/path"): never a value
};

AlertRequest parse_alert_request(const boost::json::value& request);

// A secret of the request resolved through the host; nullopt and `why`
// (naming the reference, never a value) when it is not given or not set.
std::optional<std::string> request_secret(const AlertRequest& r, const std::string& name, const floe::sdk::host& host,
                                          std::string& why);

// How a channel delivers: the host's knobs of its configuration.
struct DeliveryPolicy {
  int retries = 3;               // attempts after the first, for transient failures only
  double timeout_seconds = 10;   // per attempt
  double backoff_seconds = 0.5;  // before the first retry; doubles each time
};
DeliveryPolicy delivery_policy(const boost::json::object& config);

}  // namespace floe::alert_channels
