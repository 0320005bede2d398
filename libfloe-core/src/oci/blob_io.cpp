#include "oci/blob_io.hpp"

#include <fmt/format.h>

#include <array>

#include "oci/media_types.hpp"

namespace floe::oci {
namespace {

Result<Ok> copy(InputFile& in, VerifiedFile& out, const std::string& label, std::uint64_t total,
                const ProgressFn& progress) {
  std::array<char, 1 << 16> buffer{};
  std::uint64_t done = 0;
  for (;;) {
    auto n = in.read(buffer.data(), buffer.size());
    if (!n) return std::move(n).error();
    if (*n == 0) return Ok{};
    if (auto w = out.write(buffer.data(), *n); !w) return std::move(w).error();
    done += *n;
    if (progress) progress(label, done, total);
  }
}

}  // namespace

std::string blob_label(const Descriptor& d) {
  if (auto* t = d.annotations.if_contains(kTitle); t && t->is_string())
    return std::string(t->as_string());
  return digest_hex(d.digest).substr(0, 12);
}

std::string blob_relative_path(const std::string& digest) { return "blobs/sha256/" + digest_hex(digest); }

Error content_error(Error e, std::string_view where) {
  std::string problem = input_problem(e);
  if (problem == "not_regular" || problem == "too_large" || problem == "symlink" || problem == "outside") {
    Error v = verification_error(fmt::format("{}: {}", where, e.message));
    v.detail["problem"] = problem;
    return v;
  }
  return e;
}

Result<Ok> stream_file_into(const std::string& path, VerifiedFile& out, const std::string& label,
                            std::uint64_t total, const ProgressFn& progress) {
  auto file = InputFile::open(path, InputRules{total});
  if (!file) return std::move(file).error();
  return copy(*file, out, label, total, progress);
}

Result<Ok> stream_blob_into(const std::string& root, const Descriptor& d, VerifiedFile& out,
                            const ProgressFn& progress) {
  auto total = static_cast<std::uint64_t>(d.size < 0 ? 0 : d.size);
  auto file = InputFile::open_beneath(root, blob_relative_path(d.digest), InputRules{total, false});
  if (!file) return content_error(std::move(file).error(), fmt::format("blob {}", d.digest));
  auto copied = copy(*file, out, blob_label(d), total, progress);
  if (!copied) return content_error(std::move(copied).error(), fmt::format("blob {}", d.digest));
  return Ok{};
}

Result<std::string> read_small_blob(const std::string& root, const Descriptor& d, std::string_view where) {
  if (d.size > kMaxManifestBytes)
    return verification_error(fmt::format("{}: {} declares {} bytes, more than the {} floe accepts for a manifest",
                                          where, d.digest, d.size, describe_size(input_limits::kOciDocument)));
  if (d.size < 0) return verification_error(fmt::format("{}: {} declares a negative size", where, d.digest));
  // One byte more than declared is allowed in, to tell a longer file apart.
  auto bytes = read_input_file_beneath(root, blob_relative_path(d.digest),
                                       InputRules{static_cast<std::uint64_t>(d.size) + 1, false});
  if (!bytes) {
    Error e = std::move(bytes).error();
    if (input_problem(e) == "too_large")
      return verification_error(fmt::format("{}: {} should be {} bytes but {} holds more", where, d.digest, d.size,
                                            e.detail.at("path").as_string().c_str()));
    return content_error(std::move(e), where);
  }
  if (static_cast<std::int64_t>(bytes->size()) != d.size)
    return verification_error(fmt::format("{}: {} should be {} bytes but {} holds {}{}", where, d.digest, d.size,
                                          blob_relative_path(d.digest), bytes->size(),
                                          static_cast<std::int64_t>(bytes->size()) > d.size ? " or more" : ""));
  if (std::string got = digest_of(*bytes); got != d.digest)
    return verification_error(fmt::format("{}: {} holds content hashing to {}, not {} (modified or corrupt)", where,
                                          blob_relative_path(d.digest), got, d.digest));
  return bytes;
}

}  // namespace floe::oci
