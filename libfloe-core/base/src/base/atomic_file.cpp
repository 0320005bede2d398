#include "base/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

namespace floe {

Result<Ok> write_file_atomically(const std::string& path, const std::function<bool(const ContentSink&)>& produce,
                                 mode_t mode, Durability durability) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path target(path);
  if (target.has_parent_path()) {
    fs::create_directories(target.parent_path(), ec);
    if (ec) return make_error(FLOE_ERR_IO, fmt::format("{}: cannot create directory: {}", target.parent_path().string(), ec.message()));
  }
  // mkstemp opens with O_CREAT|O_EXCL: never through a symlink at the name.
  std::string pattern = path + ".tmp-XXXXXX";
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  int fd = ::mkstemp(name.data());
  if (fd < 0) return make_error(FLOE_ERR_IO, fmt::format("{}: cannot create temporary file: {}", path, std::strerror(errno)));
  std::string temp(name.data());
  auto fail = [&](const char* what, int saved) {
    ::close(fd);
    ::unlink(temp.c_str());
    return make_error(FLOE_ERR_IO, fmt::format("{}: cannot {}: {}", path, what, std::strerror(saved)));
  };
  int write_error = 0;
  const ContentSink sink = [&](std::string_view piece) {
    const char* data = piece.data();
    std::size_t left = piece.size();
    while (left > 0 && write_error == 0) {
      ssize_t n = ::write(fd, data, left);
      if (n < 0) {
        if (errno != EINTR) write_error = errno;
        continue;
      }
      if (n == 0) write_error = EIO;  // no progress: never loop on it
      data += n;
      left -= static_cast<std::size_t>(n);
    }
    return write_error == 0;
  };
  bool produced = false;
  try {
    produced = produce(sink);
  } catch (...) {
    // Nothing half-written is left behind, whatever the producer throws.
    ::close(fd);
    ::unlink(temp.c_str());
    throw;
  }
  if (write_error != 0) return fail("write", write_error);
  if (!produced) return fail("write", ECANCELED);
  if (durability == Durability::synced && ::fsync(fd) != 0) return fail("flush", errno);
  // mkstemp creates 0600.
  if (mode != 0600) ::fchmod(fd, mode);
  if (::close(fd) != 0) {
    int saved = errno;
    ::unlink(temp.c_str());
    return make_error(FLOE_ERR_IO, fmt::format("{}: cannot close: {}", path, std::strerror(saved)));
  }
  // rename replaces whatever is at `path`, a symlink included, and never
  // writes through it.
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    int saved = errno;
    ::unlink(temp.c_str());
    return make_error(FLOE_ERR_IO, fmt::format("{}: cannot rename into place: {}", path, std::strerror(saved)));
  }
  return Ok{};
}

Result<Ok> write_file_atomically(const std::string& path, std::string_view content, Durability durability) {
  // Artifacts are ordinary readable files.
  return write_file_atomically(path, [&](const ContentSink& sink) { return sink(content); }, 0644, durability);
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
