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

Result<Ok> write_file_atomically(const std::string& path, std::string_view content) {
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
  if (::fsync(fd) != 0) return fail("flush");
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

}  // namespace floe
