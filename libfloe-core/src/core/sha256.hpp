// SHA-256 digests (OpenSSL), hex-encoded: identifies exactly which bytes a
// compiled artifact was made from.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

struct evp_md_ctx_st;

namespace floe {

// Incremental SHA-256, for hashing data as it streams past (downloads).
class Sha256Stream {
 public:
  Sha256Stream();
  ~Sha256Stream();
  Sha256Stream(const Sha256Stream&) = delete;
  Sha256Stream& operator=(const Sha256Stream&) = delete;
  void update(const char* data, std::size_t n);
  std::string hex();  // finishes the digest: call once

 private:
  evp_md_ctx_st* ctx_;
};

std::string sha256_hex(std::string_view bytes);
// Streams the file; nullopt when it cannot be read.
std::optional<std::string> sha256_file_hex(const std::string& path);

}  // namespace floe
