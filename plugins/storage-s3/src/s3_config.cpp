#include "s3_config.hpp"

#include "floe/plugin.hpp"

namespace floe::storage_s3 {
namespace json = boost::json;
using floe::sdk::error;

namespace {

[[noreturn]] void invalid(const std::string& key, const std::string& why) {
  throw error(FLOE_ERR_INVALID_CONFIG, "plugins.storage.config." + key + ": " + why);
}

credential_mode parse_mode(const std::string& text) {
  if (text == "static") return credential_mode::static_keys;
  if (text == "iam_role") return credential_mode::iam_role;
  if (text == "instance_profile") return credential_mode::instance_profile;
  if (text == "vended_credentials") return credential_mode::vended_credentials;
  invalid("credentials.mode", "'" + text + "' is not one of static, iam_role, instance_profile, vended_credentials");
}

}  // namespace

s3_config parse_s3_config(const json::object& config) {
  s3_config c;
  c.bucket = floe::sdk::required_string(config, "bucket");
  if (auto endpoint = floe::sdk::optional_string(config, "endpoint")) {
    c.endpoint = *endpoint;
    while (!c.endpoint.empty() && c.endpoint.back() == '/') c.endpoint.pop_back();
    if (c.endpoint.rfind("http://", 0) != 0 && c.endpoint.rfind("https://", 0) != 0)
      invalid("endpoint", "expected an http:// or https:// URL");
  }
  if (auto region = floe::sdk::optional_string(config, "region")) c.region = *region;
  if (auto prefix = floe::sdk::optional_string(config, "prefix")) {
    if (prefix->find("..") != std::string::npos) invalid("prefix", "must not contain '..'");
    c.prefix = *prefix;
  }
  c.path_style = !c.endpoint.empty();
  if (auto it = config.find("path_style_access"); it != config.end() && !it->value().is_null()) {
    if (!it->value().is_bool()) invalid("path_style_access", "expected true or false");
    c.path_style = it->value().get_bool();
  }
  if (auto it = config.find("credentials"); it != config.end() && !it->value().is_null()) {
    if (!it->value().is_object()) invalid("credentials", "expected an object");
    const auto& credentials = it->value().get_object();
    if (auto mode = floe::sdk::optional_string(credentials, "mode")) c.mode = parse_mode(*mode);
    if (auto arn = floe::sdk::optional_string(credentials, "role_arn")) c.role_arn = *arn;
    if (auto name = floe::sdk::optional_string(credentials, "role_session_name")) c.role_session_name = *name;
  }
  if (c.mode == credential_mode::iam_role && c.role_arn.empty())
    invalid("credentials.role_arn", "the iam_role mode needs the role's ARN");
  if (c.mode != credential_mode::iam_role && (!c.role_arn.empty() || !c.role_session_name.empty()))
    invalid("credentials.role_arn", "a role is only used with mode: iam_role");
  if (auto timeout = floe::sdk::optional_int(config, "timeout_ms")) c.timeout_ms = static_cast<long>(*timeout);
  return c;
}

std::string service_url(const s3_config& config) {
  return config.endpoint.empty() ? "https://s3." + config.region + ".amazonaws.com" : config.endpoint;
}

bool uses_tls(const s3_config& config) { return service_url(config).rfind("https://", 0) == 0; }

std::string service_host(const s3_config& config) {
  std::string url = service_url(config);
  return url.substr(url.find("://") + 3);
}

std::string root_uri(const s3_config& config) {
  return "s3://" + config.bucket + (config.prefix.empty() ? "" : "/" + config.prefix);
}

const char* mode_name(credential_mode mode) {
  switch (mode) {
    case credential_mode::static_keys: return "static";
    case credential_mode::iam_role: return "iam_role";
    case credential_mode::instance_profile: return "instance_profile";
    case credential_mode::vended_credentials: return "vended_credentials";
  }
  return "static";
}

}  // namespace floe::storage_s3
