// The cosign "simple signing" payload parser and signature check: the first
// line of the input is taken as the base64 signature, the rest as the
// payload. Verification runs against a key pair made once per process.
#include <unistd.h>

#include <cstdlib>
#include <optional>
#include <string>

#include "fuzz_support.hpp"
#include "oci/cosign_signature.hpp"

namespace {

const floe::oci::VerifyingKey& key() {
  static const std::optional<floe::oci::VerifyingKey> k = []() -> std::optional<floe::oci::VerifyingKey> {
    char dir[] = "/tmp/floe-fuzz-cosign-XXXXXX";
    if (mkdtemp(dir) == nullptr) std::abort();
    const std::string priv = std::string(dir) + "/k.key";
    const std::string pub = std::string(dir) + "/k.pub";
    if (!floe::oci::write_key_pair(priv, pub)) std::abort();
    auto loaded = floe::oci::load_verifying_key(pub);
    if (!loaded) std::abort();
    return std::move(*loaded);
  }();
  return *k;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const std::string_view input = floe::fuzz::text_of(data, size);
  const std::size_t newline = input.find('\n');
  const std::string_view signature = newline == std::string_view::npos ? std::string_view() : input.substr(0, newline);
  const std::string_view payload = newline == std::string_view::npos ? input : input.substr(newline + 1);
  (void)floe::oci::payload_manifest_digest(payload);
  (void)floe::oci::verify_payload(key(), payload, signature);
  return 0;
}
