#include "plugin_config.hpp"

#include "floe/plugin.hpp"

namespace floe::ingestion_dlt {
namespace {

[[noreturn]] void invalid(const std::string& key, const std::string& why) {
  throw floe::sdk::error(FLOE_ERR_INVALID_CONFIG, "key '" + key + "': " + why);
}

}  // namespace

plugin_config parse_plugin_config(const boost::json::object& config) {
  plugin_config parsed;
  for (const auto& [key, value] : config) {
    if (key == "python") {
      if (!value.is_string() || value.get_string().empty()) invalid("python", "expected a non-empty string");
      std::string python(value.get_string());
      // A relative path would depend on the directory floe happens to run in.
      if (python.find('/') != std::string::npos && python.front() != '/')
        invalid("python", "'" + python + "' is a relative path; give an absolute path or a command name found on PATH");
      parsed.python = python;
    } else if (key == "timeout_seconds") {
      if (!value.is_int64() || value.get_int64() < 1 || value.get_int64() > 86400)
        invalid("timeout_seconds", "expected an integer from 1 to 86400");
      parsed.timeout_seconds = value.get_int64();
    } else {
      invalid(std::string(key), "unknown key; accepted keys: python, timeout_seconds");
    }
  }
  return parsed;
}

}  // namespace floe::ingestion_dlt
