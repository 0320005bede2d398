#include "run/run_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <thread>

#include "run/run_events.hpp"

namespace floe::run {

RunLock::RunLock(RunLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

RunLock::~RunLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the descriptor releases the flock
}

namespace {

std::string read_holder(int fd) {
  char buffer[256] = {};
  ssize_t n = ::pread(fd, buffer, sizeof buffer - 1, 0);
  std::string text = n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : std::string();
  while (!text.empty() && (text.back() == '\n' || text.back() == '\0')) text.pop_back();
  return text.empty() ? "another floe process" : text;
}

}  // namespace

std::optional<RunLock> RunLock::acquire(const std::string& path, const std::string& run_id, bool wait,
                                        const std::function<bool()>& cancelled, std::string& holder,
                                        std::string& problem) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0) {
    problem = fmt::format("cannot open the run lock {}: {}", path, std::strerror(errno));
    return std::nullopt;
  }
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EINTR) continue;
    if (errno != EWOULDBLOCK) {
      problem = fmt::format("cannot lock {}: {}", path, std::strerror(errno));
      ::close(fd);
      return std::nullopt;
    }
    holder = read_holder(fd);
    if (!wait || (cancelled && cancelled())) {
      ::close(fd);
      return std::nullopt;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::string who = fmt::format("pid {}, run {}, since {}\n", ::getpid(), run_id, utc_now());
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, who.data(), who.size(), 0) < 0) {
    // The lock is held all the same; only the description for others is lost.
  }
  return RunLock(fd);
}

}  // namespace floe::run
