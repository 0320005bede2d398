#include "sigv4.hpp"

#include <ctime>

namespace floe::plugin_support {

std::string uri_encode(std::string_view text, bool keep_slash) {
  static const char digits[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '_' || c == '.' || c == '~';
    if (unreserved || (keep_slash && c == '/')) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += digits[c >> 4];
      out += digits[c & 0x0f];
    }
  }
  return out;
}

namespace {

std::string query_string(const sigv4_request& request) {
  std::map<std::string, std::string> encoded;
  for (const auto& [name, value] : request.query) encoded[uri_encode(name, false)] = uri_encode(value, false);
  std::string out;
  for (const auto& [name, value] : encoded) out += (out.empty() ? "" : "&") + name + "=" + value;
  return out;
}

// Every signed header, lower-case names in order: host, x-amz-* and the extras.
std::map<std::string, std::string> signed_headers(const sigv4_request& request) {
  std::map<std::string, std::string> headers = request.headers;
  headers["host"] = request.host;
  headers["x-amz-content-sha256"] = request.payload_sha256;
  headers["x-amz-date"] = request.amz_date;
  return headers;
}

std::string header_names(const std::map<std::string, std::string>& headers) {
  std::string out;
  for (const auto& [name, value] : headers) out += (out.empty() ? "" : ";") + name;
  return out;
}

std::string scope(const sigv4_request& request) {
  return request.amz_date.substr(0, 8) + "/" + request.region + "/" + request.service + "/aws4_request";
}

}  // namespace

std::string canonical_request(const sigv4_request& request) {
  auto headers = signed_headers(request);
  std::string out = request.method + "\n" + request.path + "\n" + query_string(request) + "\n";
  for (const auto& [name, value] : headers) out += name + ":" + value + "\n";
  out += "\n" + header_names(headers) + "\n" + request.payload_sha256;
  return out;
}

std::string string_to_sign(const crypto_functions& crypto, const sigv4_request& request) {
  return "AWS4-HMAC-SHA256\n" + request.amz_date + "\n" + scope(request) + "\n" +
         crypto.sha256_hex(canonical_request(request));
}

sigv4_signed sign(const crypto_functions& crypto, const sigv4_request& request, const sigv4_credentials& credentials) {
  sigv4_request with_token = request;
  if (!credentials.session_token.empty()) with_token.headers["x-amz-security-token"] = credentials.session_token;
  std::string key = crypto.hmac_sha256("AWS4" + credentials.secret_access_key, with_token.amz_date.substr(0, 8));
  key = crypto.hmac_sha256(key, with_token.region);
  key = crypto.hmac_sha256(key, with_token.service);
  key = crypto.hmac_sha256(key, "aws4_request");
  std::string signature;
  {
    static const char digits[] = "0123456789abcdef";
    for (unsigned char c : crypto.hmac_sha256(key, string_to_sign(crypto, with_token))) {
      signature += digits[c >> 4];
      signature += digits[c & 0x0f];
    }
  }
  sigv4_signed out;
  out.canonical_query = query_string(with_token);
  auto headers = signed_headers(with_token);
  for (const auto& [name, value] : headers)
    if (name != "host") out.headers.push_back(name + ": " + value);
  out.headers.push_back("Authorization: AWS4-HMAC-SHA256 Credential=" + credentials.access_key_id + "/" +
                        scope(with_token) + ", SignedHeaders=" + header_names(headers) + ", Signature=" + signature);
  return out;
}

std::string amz_date(std::chrono::system_clock::time_point when) {
  std::time_t t = std::chrono::system_clock::to_time_t(when);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char text[20];
  std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &utc);
  return text;
}

}  // namespace floe::plugin_support
