#include "oci/blob_io.hpp"

#include <fmt/format.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "oci/media_types.hpp"

namespace floe::oci {
namespace {

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

Result<File> open_for_reading(const std::string& path) {
  File f(std::fopen(path.c_str(), "rb"));
  if (f) return f;
  if (errno == ENOENT) return make_error(FLOE_ERR_NOT_FOUND, fmt::format("{} does not exist", path));
  return make_error(FLOE_ERR_IO, fmt::format("cannot read {}: {}", path, std::strerror(errno)));
}

}  // namespace

std::string blob_label(const Descriptor& d) {
  if (auto* t = d.annotations.if_contains(kTitle); t && t->is_string())
    return std::string(t->as_string());
  return digest_hex(d.digest).substr(0, 12);
}

Result<Ok> stream_file_into(const std::string& path, VerifiedFile& out, const std::string& label,
                            std::uint64_t total, const ProgressFn& progress) {
  auto file = open_for_reading(path);
  if (!file) return std::move(file).error();
  std::array<char, 1 << 16> buffer{};
  std::uint64_t done = 0;
  for (;;) {
    std::size_t n = std::fread(buffer.data(), 1, buffer.size(), file->get());
    if (n > 0) {
      if (auto w = out.write(buffer.data(), n); !w) return std::move(w).error();
      done += n;
      if (progress) progress(label, done, total);
    }
    if (n < buffer.size()) break;
  }
  if (std::ferror(file->get())) return make_error(FLOE_ERR_IO, fmt::format("cannot read {}", path));
  return Ok{};
}

Result<std::string> read_small_blob(const std::string& path, const Descriptor& d, std::string_view where) {
  if (d.size > kMaxManifestBytes)
    return verification_error(fmt::format("{}: {} declares {} bytes, more than the {} floe accepts for a manifest",
                                          where, d.digest, d.size, kMaxManifestBytes));
  auto file = open_for_reading(path);
  if (!file) return std::move(file).error();
  // One byte more than declared, to notice a longer file without reading it all.
  std::string bytes(static_cast<std::size_t>(d.size) + 1, '\0');
  std::size_t n = std::fread(bytes.data(), 1, bytes.size(), file->get());
  if (std::ferror(file->get())) return make_error(FLOE_ERR_IO, fmt::format("cannot read {}", path));
  bytes.resize(n);
  if (static_cast<std::int64_t>(n) != d.size)
    return verification_error(fmt::format("{}: {} should be {} bytes but {} holds {}{}", where, d.digest, d.size,
                                          path, n, static_cast<std::int64_t>(n) > d.size ? " or more" : ""));
  if (std::string got = digest_of(bytes); got != d.digest)
    return verification_error(fmt::format("{}: {} holds content hashing to {}, not {} (modified or corrupt)", where,
                                          path, got, d.digest));
  return bytes;
}

}  // namespace floe::oci
