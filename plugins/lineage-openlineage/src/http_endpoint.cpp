#include "http_endpoint.hpp"

#include "floe/plugin.hpp"

namespace floe::lineage_openlineage {
namespace {

// Where the path of an http(s) URL starts (npos when it has none).
std::size_t path_start(const std::string& url) {
  std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return std::string::npos;
  return url.find_first_of("/?#", scheme_end + 3);
}

bool is_loopback(const std::string& host) {
  return host == "localhost" || host.starts_with("127.") || host == "[::1]";
}

}  // namespace

bool split_authority(const std::string& url, std::string& host, std::string& port) {
  std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return false;
  std::size_t begin = scheme_end + 3;
  std::size_t end = path_start(url);
  std::string authority = url.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
  if (auto at = authority.rfind('@'); at != std::string::npos) authority.erase(0, at + 1);
  std::size_t colon = authority.rfind(':');
  bool bracketed = authority.starts_with("[");
  if (colon != std::string::npos && (!bracketed || colon > authority.find(']'))) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  } else {
    host = authority;
    port = url.starts_with("https://") ? "443" : "80";
  }
  return !host.empty() && !port.empty();
}

std::string lineage_url(const http_settings& settings, const std::optional<std::string>& platform_endpoint,
                        const std::string& fallback_base) {
  using floe::sdk::error;
  std::string base = settings.url ? *settings.url : platform_endpoint ? *platform_endpoint : fallback_base;
  if (base.empty())
    throw error(FLOE_ERR_INVALID_ARGUMENT,
                "no OpenLineage URL: set plugins.lineage_backend.config.url or observability.lineage.endpoint in the "
                "platform manifest");
  // Credentials in a URL would end up in every message that names it.
  if (std::size_t at = base.find('@'); at != std::string::npos && at < path_start(base))
    throw error(FLOE_ERR_INVALID_ARGUMENT,
                "the OpenLineage URL carries credentials (user@host): give the API key as secrets.api_key instead");
  std::string url;
  std::size_t path = path_start(base);
  bool base_has_path = path != std::string::npos && base.substr(path) != "/";
  if (!settings.endpoint && base_has_path) {
    url = base;
  } else {
    std::string endpoint = settings.endpoint.value_or(default_endpoint_path);
    while (base.ends_with("/")) base.pop_back();
    while (endpoint.starts_with("/")) endpoint.erase(0, 1);
    url = base + "/" + endpoint;
  }
  std::string host, port;
  if (!settings.allow_insecure_http && url.starts_with("http://") && split_authority(url, host, port) &&
      !is_loopback(host))
    throw error(FLOE_ERR_INVALID_ARGUMENT, "allow_insecure_http is false and " + url +
                                               " is plain http: use an https:// URL");
  return url;
}

}  // namespace floe::lineage_openlineage
