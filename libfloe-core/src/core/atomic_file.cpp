#include "core/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

namespace floe {

Result<Ok> write_file_atomically(const std::string& path, std::string_view content, Durability durability) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path target(path);
  if (target.has_parent_path()) {
    fs::create_directories(target.parent_path(), ec);
    if (ec) return make_error(FLOE_ERR_IO, fmt::format("{}: cannot create directory: {}", target.parent_path().string(), ec.message()));
  }
  std::string pattern = path + ".tmp-XXXXXX";
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  int fd = ::mkstemp(name.data());
  if (fd < 0) return make_error(FLOE_ERR_IO, fmt::format("{}: cannot create temporary file: {}", path, std::strerror(errno)));
  std::string temp(name.data());
  auto fail = [&](const char* what) {
    int saved = errno;
    ::close(fd);
    ::unlink(temp.c_str());
    return make_error(FLOE_ERR_IO, fmt::format("{}: cannot {}: {}", path, what, std::strerror(saved)));
  };
  const char* data = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    ssize_t n = ::write(fd, data, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail("write");
    }
    data += n;
    left -= static_cast<std::size_t>(n);
  }
  if (durability == Durability::synced && ::fsync(fd) != 0) return fail("flush");
  // mkstemp creates 0600; artifacts are ordinary readable files.
  ::fchmod(fd, 0644);
  if (::close(fd) != 0) {
    ::unlink(temp.c_str());
    return make_error(FLOE_ERR_IO, fmt::format("{}: cannot close: {}", path, std::strerror(errno)));
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    int saved = errno;
    ::unlink(temp.c_str());
    return make_error(FLOE_ERR_IO, fmt::format("{}: cannot rename into place: {}", path, std::strerror(saved)));
  }
  return Ok{};
}

Result<bool> write_file_if_changed(const std::string& path, std::string_view content, Durability durability) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && static_cast<std::size_t>(st.st_size) == content.size()) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
      std::string existing(content.size(), '\0');
      std::size_t done = 0;
      for (ssize_t n; done < existing.size(); done += static_cast<std::size_t>(n)) {
        n = ::read(fd, existing.data() + done, existing.size() - done);
        if (n < 0 && errno == EINTR) n = 0;
        else if (n <= 0) break;
      }
      ::close(fd);
      if (done == existing.size() && existing == content) return false;
    }
  }
  auto written = write_file_atomically(path, content, durability);
  if (!written) return std::move(written).error();
  return true;
}

}  // namespace floe
