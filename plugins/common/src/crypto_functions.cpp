#include "crypto_functions.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <array>
#include <mutex>

#include "base/lazy_library.hpp"

namespace floe::plugin_support {
namespace {

struct libcrypto {
  decltype(&::EVP_sha256) evp_sha256 = nullptr;
  decltype(&::HMAC) hmac = nullptr;
  decltype(&::SHA256) sha256 = nullptr;
};

libcrypto the_library;

std::string hex(const unsigned char* bytes, std::size_t n) {
  static const char digits[] = "0123456789abcdef";
  std::string out(n * 2, '0');
  for (std::size_t i = 0; i < n; ++i) {
    out[2 * i] = digits[bytes[i] >> 4];
    out[2 * i + 1] = digits[bytes[i] & 0x0f];
  }
  return out;
}

std::string sha256_hex(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  the_library.sha256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return hex(digest, sizeof digest);
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  the_library.hmac(the_library.evp_sha256(), key.data(), static_cast<int>(key.size()),
                   reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &length);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

}  // namespace

const crypto_functions* open_crypto(std::string& problem) {
  static crypto_functions functions;
  static std::string failure;
  static std::once_flag once;
  std::call_once(once, [] {
    const std::array symbols{base::LazySymbol{"EVP_sha256", &the_library.evp_sha256},
                             base::LazySymbol{"HMAC", &the_library.hmac},
                             base::LazySymbol{"SHA256", &the_library.sha256}};
    base::LazyOpen opened = base::open_lazy_library("libcrypto.so.3", symbols);
    if (!opened) {
      failure = base::describe(opened, "libcrypto.so.3", "libssl3");
      return;
    }
    functions.sha256_hex = &sha256_hex;
    functions.hmac_sha256 = &hmac_sha256;
  });
  problem = failure;
  return failure.empty() ? &functions : nullptr;
}

}  // namespace floe::plugin_support
