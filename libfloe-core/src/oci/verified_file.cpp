#include "oci/verified_file.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

namespace floe::oci {
namespace fs = std::filesystem;

Error verification_error(std::string message) {
  return make_error(FLOE_ERR_INVALID_ARGUMENT, std::move(message), {{"kind", "verification"}});
}

bool is_verification_error(const Error& e) {
  auto* k = e.detail.if_contains("kind");
  return k && k->is_string() && k->as_string() == "verification";
}

namespace {

// The umask, read without changing it (umask(2) can only be read by setting
// it, which would race with other threads creating files).
mode_t process_umask() {
  static const mode_t mask = [] {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
      if (line.rfind("Umask:", 0) == 0) return static_cast<mode_t>(std::stoul(line.substr(6), nullptr, 8));
    return static_cast<mode_t>(022);
  }();
  return mask;
}

}  // namespace

VerifiedFile::VerifiedFile(std::string dest_path, Descriptor expected)
    : dest_(std::move(dest_path)), expected_(std::move(expected)) {}

VerifiedFile::~VerifiedFile() { abandon(); }

Result<Ok> VerifiedFile::open() {
  std::error_code ec;
  fs::path dest(dest_);
  if (dest.has_parent_path()) fs::create_directories(dest.parent_path(), ec);
  std::string pattern = dest_ + ".tmp-XXXXXX";
  int fd = ::mkstemp(pattern.data());
  if (fd < 0)
    return make_error(FLOE_ERR_IO, fmt::format("cannot create a temporary file beside {}: {}", dest_, std::strerror(errno)));
  temp_ = pattern;
  file_ = ::fdopen(fd, "wb");
  if (!file_) {
    ::close(fd);
    return make_error(FLOE_ERR_IO, fmt::format("cannot open {}: {}", temp_, std::strerror(errno)));
  }
  return Ok{};
}

Result<Ok> VerifiedFile::write(const char* data, std::size_t n) {
  if (failed_ || !file_) return make_error(FLOE_ERR_INVALID_STATE, "write after a failed or closed transfer");
  if (received_ + n > static_cast<std::uint64_t>(expected_.size)) {
    failed_ = true;
    return verification_error(fmt::format("blob {} is larger than the {} bytes its descriptor declares",
                                          expected_.digest, expected_.size));
  }
  if (n && std::fwrite(data, 1, n, file_) != n) {
    failed_ = true;
    return make_error(FLOE_ERR_IO, fmt::format("cannot write {}: {}", temp_, std::strerror(errno)));
  }
  hash_.update(data, n);
  received_ += n;
  return Ok{};
}

Result<Ok> VerifiedFile::commit() {
  if (failed_ || !file_) return make_error(FLOE_ERR_INVALID_STATE, "commit after a failed or closed transfer");
  if (received_ != static_cast<std::uint64_t>(expected_.size)) {
    failed_ = true;
    return verification_error(fmt::format("blob {} is truncated: received {} of {} bytes", expected_.digest,
                                          received_, expected_.size));
  }
  std::string got = "sha256:" + hash_.hex();
  if (got != expected_.digest) {
    failed_ = true;
    return verification_error(fmt::format("blob digest mismatch: expected {}, received content hashes to {}",
                                          expected_.digest, got));
  }
  // mkstemp made the file 0600; received content gets the usual 0666 & ~umask.
  bool flushed = std::fflush(file_) == 0 && ::fchmod(::fileno(file_), 0666 & ~process_umask()) == 0 &&
                 ::fsync(::fileno(file_)) == 0;
  bool closed = std::fclose(file_) == 0;
  file_ = nullptr;
  if (!flushed || !closed) return make_error(FLOE_ERR_IO, fmt::format("cannot write {}", temp_));
  std::error_code ec;
  fs::rename(temp_, dest_, ec);
  if (ec) return make_error(FLOE_ERR_IO, fmt::format("cannot move {} into place: {}", dest_, ec.message()));
  temp_.clear();
  return Ok{};
}

void VerifiedFile::abandon() {
  if (file_) {
    std::fclose(file_);
    file_ = nullptr;
  }
  if (!temp_.empty()) {
    std::error_code ec;
    fs::remove(temp_, ec);
    temp_.clear();
  }
}

}  // namespace floe::oci
