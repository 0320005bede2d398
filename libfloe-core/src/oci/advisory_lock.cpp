#include "oci/advisory_lock.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <thread>

#include "base/deadline.hpp"

namespace floe::oci {

Result<AdvisoryLock> AdvisoryLock::acquire(const std::string& path) {
  std::error_code ec;
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  // Not through a symlink (a planted one would create files elsewhere), and
  // never blocking on open: the lock file may sit in someone else's layout.
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0644);
  if (fd < 0) return make_error(FLOE_ERR_IO, fmt::format("cannot open lock file {}: {}", path, std::strerror(errno)));
  // Under an operation deadline the wait polls, so a lock held forever by
  // another process costs at most the time left.
  const bool bounded = time_left().has_value();
  while (::flock(fd, bounded ? LOCK_EX | LOCK_NB : LOCK_EX) != 0) {
    if (errno == EINTR) continue;
    if (bounded && errno == EWOULDBLOCK) {
      if (deadline_passed()) {
        ::close(fd);
        return deadline_error(fmt::format("waiting for the lock {} (another floe process holds it)", path));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      continue;
    }
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
