// floe's own SHA-256 and base64 (offline commands must not need OpenSSL):
// the published test vectors, and the block boundaries streaming can get wrong.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "core/base64.hpp"
#include "core/sha256.hpp"

using floe::base64_decode;
using floe::base64_encode;
using floe::sha256_hex;

TEST_CASE("sha256: FIPS 180-4 / NIST example vectors", "[digest]") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(sha256_hex(std::string(1000000, 'a')) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("sha256: streaming in pieces of any size gives the one-shot digest", "[digest]") {
  std::string text;
  for (int i = 0; i < 300; ++i) text += static_cast<char>('a' + i % 26);
  for (std::size_t piece : {1u, 3u, 55u, 56u, 63u, 64u, 65u, 127u}) {
    for (std::size_t length : {0u, 55u, 56u, 63u, 64u, 119u, 120u, 300u}) {
      floe::Sha256Stream h;
      for (std::size_t at = 0; at < length; at += piece) h.update(text.data() + at, std::min(piece, length - at));
      CHECK(h.hex() == sha256_hex(std::string_view(text).substr(0, length)));
    }
  }
}

TEST_CASE("base64: RFC 4648 section 10 vectors both ways", "[digest]") {
  const std::pair<const char*, const char*> vectors[] = {{"f", "Zg=="},       {"fo", "Zm8="},       {"foo", "Zm9v"},
                                                         {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
  CHECK(base64_encode("").empty());
  for (const auto& [plain, encoded] : vectors) {
    CHECK(base64_encode(plain) == encoded);
    CHECK(base64_decode(encoded) == std::optional<std::string>(plain));
  }
  std::string all;
  for (int c = 0; c < 256; ++c) all += static_cast<char>(c);
  CHECK(base64_decode(base64_encode(all)) == std::optional<std::string>(all));
}

TEST_CASE("base64: strict decoding refuses anything but padded standard alphabet", "[digest]") {
  for (const char* bad : {"", "Zg", "Zg=", "Z===", "Zm9v\n", "Zm 9", "Zm9-", "Zm9_", "=Zm9", "Zg==Zg==", "Z=g="}) {
    INFO(bad);
    CHECK_FALSE(base64_decode(bad).has_value());
  }
}

TEST_CASE("sha256: the x86 SHA-extension path and the portable path agree", "[digest]") {
  if (!floe::detail::sha256_x86_available()) {
    // Not silently skipped: this machine has no SHA extensions, the portable
    // path (checked against the vectors above) is the only one in use.
    WARN("CPU without SHA extensions: only the portable path runs here");
    CHECK_FALSE(floe::detail::sha256_x86_available());
    return;
  }
  std::string data;
  std::uint32_t x = 12345;
  for (int i = 0; i < 64 * 40; ++i) {
    x = x * 1103515245u + 12345u;
    data += static_cast<char>(x >> 24);
  }
  for (std::size_t blocks : {1u, 2u, 3u, 17u, 40u}) {
    std::uint32_t a[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    std::uint32_t b[8];
    std::copy(a, a + 8, b);
    const auto* p = reinterpret_cast<const unsigned char*>(data.data());
    floe::detail::sha256_blocks_portable(a, p, blocks);
    floe::detail::sha256_blocks_x86(b, p, blocks);
    CHECK(std::equal(a, a + 8, b));
  }
}
