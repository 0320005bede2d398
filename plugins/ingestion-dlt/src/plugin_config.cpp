#include "plugin_config.hpp"

#include "floe/plugin.hpp"
#include "python_locator.hpp"

namespace floe::ingestion_dlt {
namespace {

[[noreturn]] void invalid(const std::string& key, const std::string& why) {
  throw floe::sdk::error(FLOE_ERR_INVALID_CONFIG, "key '" + key + "': " + why);
}

retry_policy parse_retry(const boost::json::value& value) {
  if (!value.is_object()) invalid("retry_config", "expected an object with max_retries and initial_delay_seconds");
  retry_policy retry;
  for (const auto& [key, setting] : value.get_object()) {
    if (key == "max_retries") {
      if (!setting.is_int64() || setting.get_int64() < 0 || setting.get_int64() > 10)
        invalid("retry_config.max_retries", "expected an integer from 0 to 10");
      retry.max_retries = setting.get_int64();
    } else if (key == "initial_delay_seconds") {
      if (!setting.is_number() || setting.to_number<double>() < 0 || setting.to_number<double>() > 300)
        invalid("retry_config.initial_delay_seconds", "expected a number of seconds from 0 to 300");
      retry.initial_delay_seconds = setting.to_number<double>();
    } else {
      invalid("retry_config." + std::string(key), "unknown key; accepted keys: max_retries, initial_delay_seconds");
    }
  }
  return retry;
}

void check_catalog_config(const boost::json::value& value) {
  if (!value.is_object()) invalid("catalog_config", "expected an object (uri, warehouse, bucket, s3_endpoint, ...)");
  for (const auto& [key, setting] : value.get_object()) {
    if (key == "s3_path_style_access") {
      if (!setting.is_bool()) invalid("catalog_config.s3_path_style_access", "expected true or false");
    } else if (key == "uri" || key == "warehouse" || key == "bucket" || key == "s3_endpoint" || key == "s3_region") {
      if (!setting.is_string() || setting.get_string().empty())
        invalid("catalog_config." + std::string(key), "expected a non-empty string");
    } else {
      invalid("catalog_config." + std::string(key),
              "unknown key; accepted keys: uri, warehouse, bucket, s3_endpoint, s3_region, s3_path_style_access");
    }
  }
}

}  // namespace

plugin_config parse_plugin_config(const boost::json::object& config) {
  plugin_config parsed;
  for (const auto& [key, value] : config) {
    if (key == "python") {
      parsed.python = plugin_support::configured_python(value);
    } else if (key == "timeout_seconds") {
      if (!value.is_int64() || value.get_int64() < 1 || value.get_int64() > 86400)
        invalid("timeout_seconds", "expected an integer from 1 to 86400");
      parsed.timeout_seconds = value.get_int64();
    } else if (key == "retry_config") {
      parsed.retry = parse_retry(value);
    } else if (key == "catalog_config") {
      check_catalog_config(value);
      parsed.has_catalog_config = true;
    } else {
      invalid(std::string(key), "unknown key; accepted keys: python, timeout_seconds, retry_config, catalog_config");
    }
  }
  return parsed;
}

}  // namespace floe::ingestion_dlt
