#include "gx_config.hpp"

#include "floe/plugin.hpp"
#include "python_locator.hpp"

namespace floe::quality_gx {

namespace {
[[noreturn]] void invalid(const std::string& key, const std::string& why) {
  throw floe::sdk::error(FLOE_ERR_INVALID_CONFIG, "key '" + key + "': " + why);
}
}  // namespace

gx_config parse_gx_config(const boost::json::object& config) {
  gx_config parsed;
  boost::json::object scoring;
  for (const auto& [key, value] : config) {
    if (key == "python") {
      parsed.python = plugin_support::configured_python(value);
    } else if (key == "timeout_seconds") {
      if (!value.is_int64() || value.get_int64() < 1 || value.get_int64() > 86400)
        invalid("timeout_seconds", "expected an integer from 1 to 86400");
      parsed.timeout_seconds = value.get_int64();
    } else if (key == "severity" || key == "default_severity" || key == "warn_score" || key == "block_score") {
      scoring[key] = value;
    } else {
      invalid(std::string(key), "unknown key; accepted keys: python, timeout_seconds, severity, default_severity, "
                                "warn_score, block_score");
    }
  }
  parsed.scoring = quality_common::parse_quality_config(scoring);
  return parsed;
}

}  // namespace floe::quality_gx
