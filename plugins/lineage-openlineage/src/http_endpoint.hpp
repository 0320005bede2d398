// Where the HTTP transport posts events: the base URL (the backend's url,
// else the platform's observability.lineage.endpoint, else the backend's
// default) joined with the endpoint path, and whether it may be plain http.
#ifndef FLOE_LINEAGE_OPENLINEAGE_HTTP_ENDPOINT_HPP
#define FLOE_LINEAGE_OPENLINEAGE_HTTP_ENDPOINT_HPP

#include <optional>
#include <string>

#include "backend_settings.hpp"

namespace floe::lineage_openlineage {

// OpenLineage's default endpoint path (Marquez serves it).
inline constexpr const char* default_endpoint_path = "api/v1/lineage";

// The full POST URL. The endpoint path is appended to the base URL, except
// when none is configured and the base URL has a path of its own (a
// platform endpoint such as http://marquez:5000/api/v1/lineage). Throws
// FLOE_ERR_INVALID_ARGUMENT when there is no base URL at all (fallback
// empty) or when allow_insecure_http is false and the URL is plain http to
// a host other than the loopback.
std::string lineage_url(const http_settings& settings, const std::optional<std::string>& platform_endpoint,
                        const std::string& fallback_base);

// "host" and "port" of an http(s) URL (port 80/443 when absent); false when
// the URL cannot be split.
bool split_authority(const std::string& url, std::string& host, std::string& port);

}  // namespace floe::lineage_openlineage

#endif  // FLOE_LINEAGE_OPENLINEAGE_HTTP_ENDPOINT_HPP
