#include "oci/crypto_library.hpp"

#include <fmt/format.h>

#include <array>

#include "core/lazy_library.hpp"

namespace floe::oci {
namespace {

// OpenSSL's SONAME follows its major version; floe is built against 3.x.
constexpr LazyLibraryInfo kCrypto{"libcrypto.so.3", "signing and verifying (sign, verify, keygen, --verify)",
                                  "libssl3 on Debian and Ubuntu, openssl-libs on Fedora"};
static_assert(OPENSSL_VERSION_MAJOR == 3, "kCrypto names libcrypto.so.3: update it with the OpenSSL major version");

Result<const CryptoLibrary*> open_crypto() {
  static CryptoLibrary lib;
#define FLOE_CRYPTO_SYMBOL(name) LazySymbol{#name, &lib.name},
  const std::array symbols{FLOE_CRYPTO_FUNCTIONS(FLOE_CRYPTO_SYMBOL)};
#undef FLOE_CRYPTO_SYMBOL
  if (auto opened = open_lazy_library(kCrypto, symbols); !opened) return std::move(opened).error();
  if (lib.OpenSSL_version_num() < 0x30000000UL)
    return lazy_library_too_old(kCrypto, fmt::format("it is {}; floe needs OpenSSL 3.0 or newer",
                                                     lib.OpenSSL_version(OPENSSL_VERSION)));
  return &lib;
}

}  // namespace

Result<const CryptoLibrary*> crypto_library() {
  static const Result<const CryptoLibrary*> opened = open_crypto();  // thread-safe, once
  return opened;
}

}  // namespace floe::oci
