// The configuration of a lineage backend as the plugins use it, read from
// the host-validated config object (defaults filled in), plus the strict
// reading of the requests of the lineage_backend methods.
#ifndef FLOE_LINEAGE_OPENLINEAGE_BACKEND_SETTINGS_HPP
#define FLOE_LINEAGE_OPENLINEAGE_BACKEND_SETTINGS_HPP

#include <boost/json.hpp>

#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace floe::lineage_openlineage {

struct http_settings {
  std::optional<std::string> url;       // base URL, as configured
  std::optional<std::string> endpoint;  // path under url, as configured
  double timeout_s = 5;
  double drain_timeout_s = 10;
  bool allow_insecure_http = true;
  std::string environment;
};

struct file_settings {
  std::string path = "target/openlineage.jsonl";
  std::string environment;
};

// Throw FLOE_ERR_INVALID_CONFIG naming the key.
http_settings parse_http_settings(const boost::json::object& config);
file_settings parse_file_settings(const boost::json::object& config);

// Refuses (FLOE_ERR_INVALID_ARGUMENT) a key of `request` not in `accepted`.
void refuse_unknown_keys(const boost::json::object& request, std::initializer_list<std::string_view> accepted);

// get_transport_config's request: the product directory, the platform's
// endpoint and the selection's secret references ("env:NAME", "file:/path").
struct transport_request {
  std::string project_dir;
  std::optional<std::string> endpoint;
  std::map<std::string, std::string> secrets;
};
transport_request parse_transport_request(const boost::json::value& request);

// The timeout_ms of a validate_connection request, if any (above zero).
std::optional<std::int64_t> parse_timeout_ms(const boost::json::value& request);

}  // namespace floe::lineage_openlineage

#endif  // FLOE_LINEAGE_OPENLINEAGE_BACKEND_SETTINGS_HPP
