#include "alert_request.hpp"

#include <set>

namespace floe::alert_channels {
namespace json = boost::json;
using floe::sdk::error;

AlertRequest parse_alert_request(const json::value& request) {
  const json::object& o = floe::sdk::as_object(request, "send_alert request");
  static const std::set<std::string> keys{"severity", "title", "message", "product", "contract", "details", "secrets"};
  for (const auto& [key, value] : o)
    if (!keys.count(std::string(key)))
      throw error(FLOE_ERR_INVALID_ARGUMENT, "unknown key '" + std::string(key) + "' in the send_alert request");
  AlertRequest r;
  r.severity = floe::sdk::required_string(o, "severity");
  if (r.severity != "info" && r.severity != "warning" && r.severity != "critical")
    throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'severity': expected info, warning or critical");
  r.title = floe::sdk::required_string(o, "title");
  r.message = floe::sdk::required_string(o, "message");
  r.product = floe::sdk::required_string(o, "product");
  r.contract = floe::sdk::optional_string(o, "contract").value_or("");
  if (const json::value* d = o.if_contains("details")) {
    if (!d->is_object()) throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'details': expected an object");
    r.details = d->get_object();
  }
  if (const json::value* s = o.if_contains("secrets")) {
    if (!s->is_object()) throw error(FLOE_ERR_INVALID_ARGUMENT, "key 'secrets': expected an object of references");
    for (const auto& [name, ref] : s->get_object()) {
      std::string text = ref.is_string() ? std::string(ref.get_string()) : std::string();
      bool reference = (text.rfind("env:", 0) == 0 && text.size() > 4) || text.rfind("file:/", 0) == 0;
      if (!reference)  // never echo it: it may be a value written by mistake
        throw error(FLOE_ERR_INVALID_ARGUMENT,
                    "key 'secrets." + std::string(name) + "': expected a secret reference (env:NAME or file:/path)");
      r.secrets[std::string(name)] = text;
    }
  }
  return r;
}

std::optional<std::string> request_secret(const AlertRequest& r, const std::string& name, const floe::sdk::host& host,
                                          std::string& why) {
  auto it = r.secrets.find(name);
  if (it == r.secrets.end()) {
    why = "the platform gives no secret '" + name + "' (plugins.alert_channel.secrets." + name + ")";
    return std::nullopt;
  }
  auto value = host.secret(it->second);
  if (!value || value->empty()) {
    why = "secret '" + name + "' (" + it->second + ") is not set";
    return std::nullopt;
  }
  return value;
}

DeliveryPolicy delivery_policy(const json::object& config) {
  DeliveryPolicy p;
  if (auto n = floe::sdk::optional_int(config, "retries")) p.retries = static_cast<int>(*n);
  if (const json::value* t = config.if_contains("timeout_seconds"); t != nullptr && t->is_number())
    p.timeout_seconds = t->to_number<double>();
  if (const json::value* b = config.if_contains("backoff_seconds"); b != nullptr && b->is_number())
    p.backoff_seconds = b->to_number<double>();
  return p;
}

}  // namespace floe::alert_channels
