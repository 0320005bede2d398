// The storage-s3 configuration (validated against config_schema.hpp by the
// host) and the facts every answer derives from it: where the bucket is
// reached, how it is addressed, where credentials come from.
#ifndef FLOE_STORAGE_S3_S3_CONFIG_HPP
#define FLOE_STORAGE_S3_S3_CONFIG_HPP

#include <boost/json.hpp>

#include <string>

namespace floe::storage_s3 {

enum class credential_mode { static_keys, iam_role, instance_profile, vended_credentials };

struct s3_config {
  std::string endpoint;  // as configured without a trailing '/'; "" = AWS S3
  std::string bucket;
  std::string region = "us-east-1";
  std::string prefix;  // "" = the bucket's root
  bool path_style = false;
  credential_mode mode = credential_mode::static_keys;
  std::string role_arn;
  std::string role_session_name;
  long timeout_ms = 10000;
};

// Throws floe::sdk::error(FLOE_ERR_INVALID_CONFIG) naming the key.
s3_config parse_s3_config(const boost::json::object& config);

// The secrets (plugins.storage.secrets keys) storage-s3 takes.
inline constexpr const char* kAccessKeyId = "access_key_id";
inline constexpr const char* kSecretAccessKey = "secret_access_key";
inline constexpr const char* kSessionToken = "session_token";

// The service URL requests go to: the endpoint, or https://s3.<region>.amazonaws.com.
std::string service_url(const s3_config& config);
// True when the service URL is https.
bool uses_tls(const s3_config& config);
// host[:port] of the service URL (DuckDB's s3_endpoint).
std::string service_host(const s3_config& config);
// s3://bucket[/prefix]
std::string root_uri(const s3_config& config);
const char* mode_name(credential_mode mode);

}  // namespace floe::storage_s3

#endif  // FLOE_STORAGE_S3_S3_CONFIG_HPP
