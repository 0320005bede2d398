#include "s3_objects.hpp"

#include <algorithm>
#include <cstdlib>
#include <strings.h>
#include <vector>

#include "crypto_functions.hpp"
#include "base/http_exchange.hpp"

namespace floe::plugin_support {

S3Endpoint s3_endpoint_of(const std::map<std::string, std::string>& properties) {
  S3Endpoint out;
  auto value = [&](const char* key) {
    auto it = properties.find(key);
    return it == properties.end() ? std::string() : it->second;
  };
  out.endpoint = value("s3.endpoint");
  while (!out.endpoint.empty() && out.endpoint.back() == '/') out.endpoint.pop_back();
  if (std::string region = value("s3.region"); !region.empty()) out.region = region;
  else if (std::string client = value("client.region"); !client.empty()) out.region = client;
  out.path_style = value("s3.path-style-access") == "true";
  return out;
}

bool split_s3_uri(const std::string& uri, std::string& bucket, std::string& key) {
  std::string rest;
  for (const char* scheme : {"s3://", "s3a://", "s3n://"})
    if (uri.rfind(scheme, 0) == 0) rest = uri.substr(std::string(scheme).size());
  auto slash = rest.find('/');
  if (rest.empty() || slash == 0 || slash == std::string::npos || slash + 1 == rest.size()) return false;
  bucket = rest.substr(0, slash);
  key = rest.substr(slash + 1);
  return true;
}

namespace {

// One signed request for the object `uri`; what went wrong is in `problem`.
// `range`: a Range header's value ("" for none); `size`, when given, gets
// the object's whole size from the answer's Content-Range (or its length).
S3Object s3_exchange(const char* method, const S3Endpoint& endpoint,
                     const std::optional<sigv4_credentials>& credentials, const std::string& uri,
                     const std::string& bytes, std::chrono::milliseconds timeout, std::size_t max_bytes,
                     const std::string& range = "", int64_t* size = nullptr) {
  S3Object out;
  const std::string verb = std::string(method) == "PUT"      ? "writing "
                           : std::string(method) == "DELETE" ? "deleting "
                                                             : "reading ";
  std::string bucket, key;
  if (!split_s3_uri(uri, bucket, key)) {
    out.problem = "'" + uri + "' is not an s3:// object URI";
    return out;
  }
  std::string base = endpoint.endpoint.empty() ? "https://s3." + endpoint.region + ".amazonaws.com" : endpoint.endpoint;
  auto scheme_end = base.find("://");
  if (scheme_end == std::string::npos) {
    out.problem = "the S3 endpoint '" + base + "' has no scheme (http:// or https://)";
    return out;
  }
  std::string scheme = base.substr(0, scheme_end + 3);
  std::string host = base.substr(scheme_end + 3);
  if (auto slash = host.find('/'); slash != std::string::npos) host.resize(slash);

  sigv4_request request;
  request.method = method;
  request.host = endpoint.path_style ? host : bucket + "." + host;
  request.path = (endpoint.path_style ? "/" + uri_encode(bucket, false) : std::string()) + "/" + uri_encode(key, true);
  request.region = endpoint.region;
  request.amz_date = amz_date(std::chrono::system_clock::now());

  std::vector<std::string> headers;
  if (!bytes.empty()) headers.push_back("Content-Type: application/octet-stream");
  if (credentials) {
    std::string problem;
    const crypto_functions* crypto = open_crypto(problem);
    if (crypto == nullptr) {
      out.problem = "cannot sign the request for " + uri + ": " + problem;
      return out;
    }
    request.payload_sha256 = crypto->sha256_hex(bytes);
    sigv4_signed signed_request = sign(*crypto, request, *credentials);
    headers.insert(headers.end(), signed_request.headers.begin(), signed_request.headers.end());
  }
  if (!range.empty()) headers.push_back("Range: " + range);  // unsigned: S3 accepts a header outside SignedHeaders
  base::HttpCall call;
  call.method = method;
  call.url = scheme + request.host + request.path;
  call.headers = std::move(headers);
  call.body = bytes;
  call.timeout = timeout;
  call.connect_timeout = std::min(call.connect_timeout, timeout);
  call.max_body = max_bytes;
  call.keep_headers = size != nullptr;
  base::HttpReply reply = base::exchange(call);
  if (!reply.answered) {
    out.problem = verb + uri + " at " + base + " failed: " + reply.problem;
    return out;
  }
  if (reply.status < 200 || reply.status >= 300) {
    std::string code;
    auto open = reply.body.find("<Code>");
    auto close = reply.body.find("</Code>");
    if (open != std::string::npos && close != std::string::npos && close > open && close - open <= 70)
      code = " " + reply.body.substr(open + 6, close - open - 6);
    out.problem = verb + uri + ": " + base + " answered HTTP " + std::to_string(reply.status) + code;
    return out;
  }
  if (size != nullptr) {
    *size = static_cast<int64_t>(reply.body.size());  // 200: the whole object
    for (const auto& [name, value] : reply.headers) {
      // 206: "bytes FIRST-LAST/SIZE"
      if (reply.status != 206 || ::strcasecmp(name.c_str(), "content-range") != 0) continue;
      auto slash = value.rfind('/');
      char* end = nullptr;
      long long whole = slash == std::string::npos ? -1 : std::strtoll(value.c_str() + slash + 1, &end, 10);
      if (whole < 0 || end == nullptr || *end != '\0') {
        out.problem = "reading " + uri + ": " + base + " answered a Content-Range without the object's size";
        return out;
      }
      *size = whole;
    }
  }
  out.bytes = std::move(reply.body);
  return out;
}

}  // namespace

std::string put_s3_object(const S3Endpoint& endpoint, const std::optional<sigv4_credentials>& credentials,
                          const std::string& uri, const std::string& bytes, std::chrono::milliseconds timeout) {
  return s3_exchange("PUT", endpoint, credentials, uri, bytes, timeout, std::size_t{1} << 20).problem;
}

S3Object get_s3_object(const S3Endpoint& endpoint, const std::optional<sigv4_credentials>& credentials,
                       const std::string& uri, std::chrono::milliseconds timeout, std::size_t max_bytes) {
  return s3_exchange("GET", endpoint, credentials, uri, "", timeout, max_bytes);
}

S3Object get_s3_object_tail(const S3Endpoint& endpoint, const std::optional<sigv4_credentials>& credentials,
                            const std::string& uri, std::chrono::milliseconds timeout, std::size_t tail_bytes,
                            int64_t& object_size) {
  object_size = -1;
  S3Object out = s3_exchange("GET", endpoint, credentials, uri, "", timeout, tail_bytes,
                             "bytes=-" + std::to_string(tail_bytes), &object_size);
  if (out.problem.empty() && (out.bytes.size() > tail_bytes || object_size < static_cast<int64_t>(out.bytes.size())))
    out.problem = "reading " + uri + ": the store answered " + std::to_string(out.bytes.size()) +
                  " bytes for the object's last " + std::to_string(tail_bytes);
  return out;
}

std::string delete_s3_object(const S3Endpoint& endpoint, const std::optional<sigv4_credentials>& credentials,
                             const std::string& uri, std::chrono::milliseconds timeout) {
  return s3_exchange("DELETE", endpoint, credentials, uri, "", timeout, std::size_t{64} << 10).problem;
}

}  // namespace floe::plugin_support
