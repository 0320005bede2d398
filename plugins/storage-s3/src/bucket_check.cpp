#include "bucket_check.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "base/curl_library.hpp"
#include "base/http_exchange.hpp"
#include "storage_request.hpp"

namespace floe::storage_s3 {
namespace json = boost::json;
using namespace floe::plugin_support;  // sigv4 and crypto
using floe::storage_common::check_answer;

namespace {

constexpr const char* kEmptyPayloadSha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

// The <Code> of an S3 error document ("" when there is none).
std::string error_code(const std::string& body) {
  auto open = body.find("<Code>");
  auto close = body.find("</Code>", open == std::string::npos ? 0 : open);
  if (open == std::string::npos || close == std::string::npos) return "";
  std::string code = body.substr(open + 6, close - open - 6);
  return code.size() <= 64 ? code : "";
}

struct http_outcome {
  int code = 0;  // libcurl's CURLcode (CURLE_OK when answered)
  long status = 0;
  std::string body;
  std::string detail;
  double latency_ms = 0;
};

http_outcome perform(const std::string& url, const std::vector<std::string>& headers,
                     std::chrono::milliseconds timeout) {
  base::HttpCall call;
  call.url = url;
  call.headers = headers;  // the signed headers: a session token at most, never the secret key
  call.timeout = timeout;
  call.connect_timeout = timeout;
  call.max_body = std::size_t{1} << 20;  // a ListObjectsV2 page of one key, or an error document
  base::HttpReply reply = base::exchange(call);
  http_outcome out;
  out.latency_ms = reply.latency_ms;
  if (!reply.answered) {
    out.code = reply.curl_code != 0 ? reply.curl_code : static_cast<int>(CURLE_FAILED_INIT);
    out.detail = reply.problem;
    return out;
  }
  out.status = reply.status;
  out.body = std::move(reply.body);
  return out;
}

json::object judge(const s3_config& config, const http_outcome& got, std::chrono::milliseconds timeout) {
  const std::string bucket = "bucket '" + config.bucket + "'";
  const std::string endpoint = service_url(config);
  if (got.code == CURLE_OPERATION_TIMEDOUT)
    return check_answer("unhealthy", got.latency_ms,
                        "the S3 endpoint " + endpoint + " gave no answer about " + bucket + " within " +
                            std::to_string(timeout.count()) + " ms (timeout_ms; a slow or overloaded server?)");
  if (got.code == CURLE_COULDNT_CONNECT)
    return check_answer("unhealthy", got.latency_ms,
                        "cannot connect to the S3 endpoint " + endpoint + " for " + bucket + ": " + got.detail +
                            " (is the server running, and is plugins.storage.config.endpoint right?)");
  if (got.code == CURLE_COULDNT_RESOLVE_HOST)
    return check_answer("unhealthy", got.latency_ms,
                        "the host of the S3 endpoint " + endpoint + " (" + bucket + ") cannot be resolved: " + got.detail);
  if (got.code != CURLE_OK)
    return check_answer("unhealthy", got.latency_ms,
                        "the request to the S3 endpoint " + endpoint + " for " + bucket + " failed: " + got.detail);
  std::string code = error_code(got.body);
  std::string said = code.empty() ? "HTTP " + std::to_string(got.status) : "HTTP " + std::to_string(got.status) + " " + code;
  if (got.status >= 200 && got.status < 300)
    return check_answer("healthy", got.latency_ms,
                        bucket + " at " + endpoint + " answered a signed ListObjectsV2 (region " + config.region + ")");
  // The error code first: versitygw answers an unknown access key with 404
  // XAdminUserNotFound, AWS with 403 InvalidAccessKeyId or SignatureDoesNotMatch.
  bool credentials_refused = code == "InvalidAccessKeyId" || code == "SignatureDoesNotMatch" ||
                             code == "XAdminUserNotFound" || code == "InvalidToken" || code == "ExpiredToken" ||
                             code == "InvalidClientTokenId" || got.status == 401;
  if (credentials_refused)
    return check_answer("unhealthy", got.latency_ms,
                        "the S3 endpoint " + endpoint + " refused the credentials for " + bucket + " (" + said +
                            "): check the secrets plugins.storage.secrets.access_key_id and secret_access_key");
  if (code == "NoSuchBucket" || (got.status == 404 && code.empty()))
    return check_answer("unhealthy", got.latency_ms,
                        bucket + " does not exist at the S3 endpoint " + endpoint + " (" + said +
                            "): create it, or fix plugins.storage.config.bucket");
  if (got.status == 403)
    return check_answer("unhealthy", got.latency_ms,
                        "the S3 endpoint " + endpoint + " denied listing " + bucket + " (" + said +
                            "): the credentials lack s3:ListBucket on it");
  if (got.status == 301 || code == "PermanentRedirect" || code == "AuthorizationHeaderMalformed")
    return check_answer("unhealthy", got.latency_ms,
                        bucket + " is not in region " + config.region + " at " + endpoint + " (" + said +
                            "): fix plugins.storage.config.region");
  return check_answer("unhealthy", got.latency_ms,
                      "the S3 endpoint " + endpoint + " answered " + said + " for " + bucket);
}

}  // namespace

json::object check_bucket(const s3_config& config, const std::optional<sigv4_credentials>& credentials,
                          std::chrono::milliseconds timeout) {
  std::string problem;
  if (floe::base::open_curl(problem) == nullptr) return check_answer("unhealthy", 0, problem);

  std::string scheme = uses_tls(config) ? "https://" : "http://";
  sigv4_request request;
  request.host = config.path_style ? service_host(config) : config.bucket + "." + service_host(config);
  request.path = config.path_style ? "/" + uri_encode(config.bucket, false) : "/";
  request.query = {{"list-type", "2"}, {"max-keys", "1"}};
  request.region = config.region;
  request.amz_date = amz_date(std::chrono::system_clock::now());
  request.payload_sha256 = kEmptyPayloadSha256;

  std::vector<std::string> headers{"Host: " + request.host};
  std::string query = "list-type=2&max-keys=1";
  if (credentials) {
    const crypto_functions* crypto = open_crypto(problem);
    if (crypto == nullptr) return check_answer("unhealthy", 0, problem);
    sigv4_signed signed_request = sign(*crypto, request, *credentials);
    query = signed_request.canonical_query;
    headers.insert(headers.end(), signed_request.headers.begin(), signed_request.headers.end());
  }
  std::string url = scheme + request.host + request.path + "?" + query;
  return judge(config, perform(url, headers, timeout), timeout);
}

}  // namespace floe::storage_s3
