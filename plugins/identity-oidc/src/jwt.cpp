#include "jwt.hpp"

#include <boost/json.hpp>

namespace floe::identity_oidc {
namespace json = boost::json;

std::optional<std::string> base64url_decode(const std::string& text) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-') return 62;
    if (c == '_') return 63;
    return -1;
  };
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : text) {
    if (c == '=') break;
    int v = value(c);
    if (v < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return out;
}

std::optional<Jwt> parse_jwt(const std::string& token, std::string& why) {
  if (token.size() > 16384) {
    why = "the token is longer than 16 KiB";
    return std::nullopt;
  }
  auto first = token.find('.');
  auto second = first == std::string::npos ? first : token.find('.', first + 1);
  if (second == std::string::npos || token.find('.', second + 1) != std::string::npos) {
    why = "not a JWT (three base64url parts separated by dots)";
    return std::nullopt;
  }
  auto header = base64url_decode(token.substr(0, first));
  auto payload = base64url_decode(token.substr(first + 1, second - first - 1));
  auto signature = base64url_decode(token.substr(second + 1));
  if (!header || !payload || !signature) {
    why = "a part of the token is not base64url";
    return std::nullopt;
  }
  boost::system::error_code ec1, ec2;
  json::value h = json::parse(*header, ec1), p = json::parse(*payload, ec2);
  if (ec1 || ec2 || !h.is_object() || !p.is_object()) {
    why = "the token's header or claims are not a JSON object";
    return std::nullopt;
  }
  return Jwt{std::move(h.as_object()), std::move(p.as_object()), token.substr(0, second), std::move(*signature)};
}

}  // namespace floe::identity_oidc
