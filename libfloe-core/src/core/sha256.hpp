// SHA-256 digests (FIPS 180-4), hex-encoded: identifies exactly which bytes a
// compiled artifact, a blob or an input file was made from. floe's own
// implementation, so offline commands (validate, compile) never load OpenSSL;
// on x86-64 CPUs with the SHA extensions it uses them (blobs of hundreds of
// MiB hash at OpenSSL's speed), elsewhere portable code.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace floe {

// Incremental SHA-256, for hashing data as it streams past (downloads).
class Sha256Stream {
 public:
  Sha256Stream();
  void update(const char* data, std::size_t n);
  std::string hex();  // finishes the digest: call once

 private:

  std::array<std::uint32_t, 8> state_;
  std::array<unsigned char, 64> pending_{};
  std::size_t pending_size_ = 0;
  std::uint64_t total_ = 0;  // bytes
};

std::string sha256_hex(std::string_view bytes);

namespace detail {
// Compression of whole 64-byte blocks into `state`: the portable code and,
// where the CPU has them, the x86 SHA extensions (both tested against each
// other; Sha256Stream picks the fastest once).
void sha256_blocks_portable(std::uint32_t* state, const unsigned char* p, std::size_t blocks);
bool sha256_x86_available();
void sha256_blocks_x86(std::uint32_t* state, const unsigned char* p, std::size_t blocks);
}  // namespace detail
// Streams the file (a regular file, opened without blocking: see
// base/input_file.hpp); nullopt when it cannot be read.
std::optional<std::string> sha256_file_hex(const std::string& path);

// A regular file's size and, when `wanted_size` is absent or equal to it, its
// SHA-256 (hex; empty when the sizes differ, so the file was not read), from
// one open; nullopt when it cannot be read.
struct SizedDigest {
  std::int64_t size = 0;
  std::string sha256;
};
std::optional<SizedDigest> sized_sha256_file_hex(const std::string& path,
                                                 std::optional<std::int64_t> wanted_size = std::nullopt);

}  // namespace floe
