#include "cloud_config.hpp"

#include "floe/plugin.hpp"

namespace floe::dbt_cloud {
namespace json = boost::json;
using floe::sdk::error;

std::string base_url_of(const std::string& host) {
  std::string url = host;
  while (!url.empty() && url.back() == '/') url.pop_back();
  if (url.rfind("https://", 0) == 0) return url;
  if (url.rfind("http://", 0) == 0) {
    std::string rest = url.substr(7);
    std::string authority = rest.substr(0, rest.find('/'));
    std::string name = authority.empty()           ? authority
                       : authority.front() == '[' ? authority.substr(0, authority.find(']') + 1)
                                                : authority.substr(0, authority.find(':'));
    if (name != "127.0.0.1" && name != "localhost" && name != "[::1]")
      throw error(FLOE_ERR_INVALID_CONFIG, "plugins.dbt.config.host: " + host +
                                               " would carry the API token unencrypted; use https:// (or a bare host)");
    return url;
  }
  if (url.empty() || url.find_first_of("/ ") != std::string::npos || url.find("://") != std::string::npos)
    throw error(FLOE_ERR_INVALID_CONFIG,
                "plugins.dbt.config.host: '" + host + "' is not a host name such as cloud.getdbt.com");
  return "https://" + url;
}

CloudConfig parse_cloud_config(const json::object& config) {
  CloudConfig c;
  if (auto v = floe::sdk::optional_int(config, "account_id")) c.account_id = *v;
  if (auto v = floe::sdk::optional_int(config, "job_id")) c.job_id = *v;
  if (c.account_id < 1 || c.job_id < 1)
    throw error(FLOE_ERR_INVALID_CONFIG, "plugins.dbt.config needs account_id and job_id (positive integers)");
  c.base_url = base_url_of(floe::sdk::optional_string(config, "host").value_or("cloud.getdbt.com"));
  const json::value* token = config.if_contains("api_token");
  if (token == nullptr || !token->is_object())
    throw error(FLOE_ERR_INVALID_CONFIG, "plugins.dbt.config.api_token: expected {env: NAME} or {file: PATH}");
  auto env = floe::sdk::optional_string(token->get_object(), "env");
  auto file = floe::sdk::optional_string(token->get_object(), "file");
  if (env.has_value() == file.has_value())
    throw error(FLOE_ERR_INVALID_CONFIG, "plugins.dbt.config.api_token: expected {env: NAME} or {file: PATH}, one of them");
  c.token_reference = env ? "env:" + *env : "file:" + *file;
  if (auto v = floe::sdk::optional_string(config, "cause")) c.cause = *v;
  if (auto v = floe::sdk::optional_int(config, "timeout_seconds")) c.timeout = std::chrono::seconds(*v);
  if (auto* v = config.if_contains("poll_interval_seconds"); v != nullptr && v->is_number())
    c.poll_interval = std::chrono::milliseconds(static_cast<std::int64_t>(v->to_number<double>() * 1000));
  if (auto v = floe::sdk::optional_int(config, "request_timeout_seconds")) c.request_timeout = std::chrono::seconds(*v);
  if (auto v = floe::sdk::optional_int(config, "max_retries")) c.max_retries = static_cast<int>(*v);
  return c;
}

}  // namespace floe::dbt_cloud
