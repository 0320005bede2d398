#include "oci/advisory_lock.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace floe::oci {

Result<AdvisoryLock> AdvisoryLock::acquire(const std::string& path) {
  std::error_code ec;
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return make_error(FLOE_ERR_IO, fmt::format("cannot open lock file {}: {}", path, std::strerror(errno)));
  while (::flock(fd, LOCK_EX) != 0) {
    if (errno == EINTR) continue;
    int saved = errno;
    ::close(fd);
    return make_error(FLOE_ERR_IO, fmt::format("cannot lock {}: {}", path, std::strerror(saved)));
  }
  return AdvisoryLock(fd);
}

AdvisoryLock::AdvisoryLock(AdvisoryLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

// Closing the descriptor releases the lock.
AdvisoryLock::~AdvisoryLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace floe::oci
