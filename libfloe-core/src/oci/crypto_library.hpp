// libcrypto (OpenSSL 3), opened the first time floe generates, reads or uses
// a signing key (core/lazy_library.hpp): offline commands never map it.
// floe's digests (core/sha256.hpp) and base64 do not need it.
#pragma once

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "base/result.hpp"

namespace floe::oci {

// The OpenSSL functions floe's cosign signatures call, typed as OpenSSL's
// headers declare them. (BIO_get_mem_data and OPENSSL_free are macros over
// BIO_ctrl and CRYPTO_free.)
#define FLOE_CRYPTO_FUNCTIONS(X) \
  X(OpenSSL_version_num)         \
  X(OpenSSL_version)             \
  X(ERR_get_error)               \
  X(ERR_clear_error)             \
  X(ERR_reason_error_string)     \
  X(BIO_new)                     \
  X(BIO_s_mem)                   \
  X(BIO_new_mem_buf)             \
  X(BIO_ctrl)                    \
  X(BIO_free)                    \
  X(CRYPTO_free)                 \
  X(OPENSSL_cleanse)             \
  X(EVP_sha256)                  \
  X(EVP_MD_CTX_new)              \
  X(EVP_MD_CTX_free)             \
  X(EVP_DigestSignInit)          \
  X(EVP_DigestSign)              \
  X(EVP_DigestVerifyInit)        \
  X(EVP_DigestVerify)            \
  X(EVP_PKEY_Q_keygen)           \
  X(EVP_PKEY_dup)                \
  X(EVP_PKEY_free)               \
  X(EVP_PKEY_is_a)               \
  X(EVP_PKEY_get_group_name)     \
  X(EVP_PKEY_get0_type_name)     \
  X(PEM_read_bio_PrivateKey)     \
  X(PEM_read_bio_PUBKEY)         \
  X(PEM_write_bio_PKCS8PrivateKey) \
  X(PEM_write_bio_PUBKEY)        \
  X(i2d_PUBKEY)

struct CryptoLibrary {
#define FLOE_CRYPTO_MEMBER(name) decltype(&::name) name = nullptr;
  FLOE_CRYPTO_FUNCTIONS(FLOE_CRYPTO_MEMBER)
#undef FLOE_CRYPTO_MEMBER
};

// libcrypto.so.3, opened and checked (every function present, OpenSSL 3.0 or
// newer) once per process; the same answer on every call.
// FLOE_ERR_LOAD_FAILED names the library.
Result<const CryptoLibrary*> crypto_library();

}  // namespace floe::oci
