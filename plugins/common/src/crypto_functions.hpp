// libcrypto (OpenSSL 3) for request signing, opened on first use rather than
// linked, like libcurl (base/curl_library.hpp): compiling a
// product loads every selected plugin and must not pay for either.
#ifndef FLOE_PLUGIN_SUPPORT_CRYPTO_FUNCTIONS_HPP
#define FLOE_PLUGIN_SUPPORT_CRYPTO_FUNCTIONS_HPP

#include <string>
#include <string_view>

namespace floe::plugin_support {

struct crypto_functions {
  // SHA-256 of `data`, as lower-case hex.
  std::string (*sha256_hex)(std::string_view data) = nullptr;
  // HMAC-SHA256 of `data` under `key`, raw bytes.
  std::string (*hmac_sha256)(std::string_view key, std::string_view data) = nullptr;
};

// libcrypto.so.3's functions; nullptr (and `problem` says why) when it cannot be opened.
const crypto_functions* open_crypto(std::string& problem);

}  // namespace floe::plugin_support

#endif  // FLOE_PLUGIN_SUPPORT_CRYPTO_FUNCTIONS_HPP
