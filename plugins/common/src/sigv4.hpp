// AWS Signature Version 4 for one S3 request without a body (the connection
// check's ListObjectsV2): canonical request, string to sign, derived key,
// Authorization header. Pure: the clock and the crypto come from the caller,
// so the published AWS examples test it byte for byte.
#ifndef FLOE_PLUGIN_SUPPORT_SIGV4_HPP
#define FLOE_PLUGIN_SUPPORT_SIGV4_HPP

#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "crypto_functions.hpp"

namespace floe::plugin_support {

struct sigv4_request {
  std::string method = "GET";
  std::string host;             // the Host header: host[:port]
  std::string path = "/";       // already URI-encoded (uri_encode of each segment)
  std::map<std::string, std::string> query;  // raw names and values; encoded and sorted here
  std::map<std::string, std::string> headers;  // extra headers to sign, lower-case names (range, ...)
  std::string region;
  std::string service = "s3";
  std::string amz_date;         // yyyymmddThhmmssZ
  std::string payload_sha256;   // hex; of "" for a request without a body
};

struct sigv4_credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // "" when none
};

struct sigv4_signed {
  std::string canonical_query;     // for the URL
  std::vector<std::string> headers;  // "Name: value" lines to send, Authorization last
};

// RFC 3986 unreserved characters kept, everything else %XX (upper case);
// '/' kept when `keep_slash` (paths), encoded otherwise (query parts).
std::string uri_encode(std::string_view text, bool keep_slash);

// The canonical request and the string to sign (exposed for tests).
std::string canonical_request(const sigv4_request& request);
std::string string_to_sign(const crypto_functions& crypto, const sigv4_request& request);

sigv4_signed sign(const crypto_functions& crypto, const sigv4_request& request, const sigv4_credentials& credentials);

// yyyymmddThhmmssZ in UTC.
std::string amz_date(std::chrono::system_clock::time_point when);

}  // namespace floe::plugin_support

#endif  // FLOE_PLUGIN_SUPPORT_SIGV4_HPP
