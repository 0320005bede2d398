#include "base/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "base/deadline.hpp"

namespace floe {
namespace {

constexpr std::size_t kChunk = 1 << 16;

Error input_error(floe_status code, const std::string& problem, const std::string& path, std::string message,
                  std::uint64_t limit = 0) {
  boost::json::object detail{{"kind", "input"}, {"problem", problem}, {"path", path}};
  if (limit > 0) detail["limit"] = limit;
  return make_error(code, std::move(message), std::move(detail));
}

const char* file_type(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISLNK(mode)) return "a symlink";
  return "not a file";
}

Error not_regular(const std::string& path, mode_t mode) {
  return input_error(FLOE_ERR_INVALID_ARGUMENT, "not_regular", path,
                     path + " is not a regular file (" + file_type(mode) + "): floe reads only regular files");
}

Error too_large(const std::string& path, std::uint64_t limit, std::uint64_t size) {
  return input_error(FLOE_ERR_INVALID_ARGUMENT, "too_large", path,
                     path + " is larger than " + describe_size(limit) + " (" + std::to_string(size) +
                         " bytes or more): floe reads at most " + describe_size(limit) + " of it",
                     limit);
}

Error symlink_refused(const std::string& path) {
  return input_error(FLOE_ERR_INVALID_ARGUMENT, "symlink", path,
                     path + " is a symlink: floe does not follow symlinks here (copy the file itself)");
}

Error open_failed(const std::string& path, int error) {
  if (error == ENOENT) return input_error(FLOE_ERR_NOT_FOUND, "missing", path, path + " does not exist");
  if (error == ELOOP)
    return input_error(FLOE_ERR_INVALID_ARGUMENT, "symlink", path,
                       path + ": a symlink loop (too many levels of symbolic links)");
  return input_error(FLOE_ERR_IO, "unreadable", path, "cannot read " + path + ": " + std::strerror(error));
}

std::string joined(const std::string& root, const std::string& relative) {
  if (root.empty()) return relative;
  return root.back() == '/' ? root + relative : root + "/" + relative;
}

}  // namespace

std::string describe_size(std::uint64_t bytes) {
  if (bytes >= kMiB && bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MiB";
  if (bytes >= 1024 && bytes % 1024 == 0) return std::to_string(bytes / 1024) + " KiB";
  return std::to_string(bytes) + " bytes";
}

// The checks after open: a regular file within the limit. Closes `fd` on failure.
Result<InputFile> InputFile::adopt(int fd, const std::string& path, const InputRules& rules) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    int error = errno;
    ::close(fd);
    return open_failed(path, error);
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return not_regular(path, st.st_mode);
  }
  auto size = static_cast<std::uint64_t>(st.st_size);
  if (size > rules.max_bytes) {
    ::close(fd);
    return too_large(path, rules.max_bytes, size);
  }
  return InputFile(fd, path, size, rules.max_bytes);
}

Result<InputFile> InputFile::open(const std::string& path, const InputRules& rules) {
  if (deadline_passed()) return deadline_error("opening " + path);
  // Look before opening: a FIFO or a device is refused without being opened
  // (opening some devices has effects). The open itself is non-blocking and
  // checked again, in case the file changed in between.
  if (!rules.listed_regular) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return open_failed(path, errno);
    if (!S_ISREG(st.st_mode)) return not_regular(path, st.st_mode);
  }
  if (!rules.follow_symlinks) {
    struct stat lst {};
    if (::lstat(path.c_str(), &lst) == 0 && S_ISLNK(lst.st_mode)) return symlink_refused(path);
  }
  int flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | (rules.follow_symlinks ? 0 : O_NOFOLLOW);
  int fd = ::open(path.c_str(), flags);
  if (fd < 0) {
    int error = errno;
    if (error == ELOOP && !rules.follow_symlinks) return symlink_refused(path);
    return open_failed(path, error);
  }
  return adopt(fd, path, rules);
}

Result<InputFile> InputFile::open_beneath(const std::string& root, const std::string& relative,
                                          const InputRules& rules) {
  const std::string path = joined(root, relative);
  if (deadline_passed()) return deadline_error("opening " + path);
  std::vector<std::string> parts;
  for (std::size_t start = 0; start <= relative.size();) {
    std::size_t slash = relative.find('/', start);
    if (slash == std::string::npos) slash = relative.size();
    parts.push_back(relative.substr(start, slash - start));
    start = slash + 1;
  }
  for (const auto& p : parts)
    if (p.empty() || p == "." || p == "..")
      return input_error(FLOE_ERR_INVALID_ARGUMENT, "outside", path,
                         path + ": '" + relative + "' is not a plain relative path below " + root);
  int dir = ::open(root.empty() ? "." : root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) return open_failed(root, errno);
  std::string so_far = root;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    so_far = joined(so_far, parts[i]);
    struct stat st {};
    if (::fstatat(dir, parts[i].c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
      int error = errno;
      ::close(dir);
      return open_failed(so_far, error);
    }
    if (S_ISLNK(st.st_mode) || !S_ISDIR(st.st_mode)) {
      ::close(dir);
      if (S_ISLNK(st.st_mode)) return symlink_refused(so_far);
      return input_error(FLOE_ERR_INVALID_ARGUMENT, "not_regular", so_far,
                         so_far + " is not a directory (" + file_type(st.st_mode) + ")");
    }
    int next = ::openat(dir, parts[i].c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    int error = errno;
    ::close(dir);
    if (next < 0) return error == ELOOP || error == ENOTDIR ? symlink_refused(so_far) : open_failed(so_far, error);
    dir = next;
  }
  const std::string& name = parts.back();
  struct stat st {};
  if (::fstatat(dir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
    int error = errno;
    ::close(dir);
    return open_failed(path, error);
  }
  if (S_ISLNK(st.st_mode)) {
    ::close(dir);
    return symlink_refused(path);
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(dir);
    return not_regular(path, st.st_mode);
  }
  int fd = ::openat(dir, name.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW);
  int error = errno;
  ::close(dir);
  if (fd < 0) return error == ELOOP ? symlink_refused(path) : open_failed(path, error);
  return adopt(fd, path, rules);
}

InputFile::InputFile(InputFile&& other) noexcept
    : fd_(other.fd_), path_(std::move(other.path_)), size_(other.size_), limit_(other.limit_), consumed_(other.consumed_) {
  other.fd_ = -1;
}

InputFile& InputFile::operator=(InputFile&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    path_ = std::move(other.path_);
    size_ = other.size_;
    limit_ = other.limit_;
    consumed_ = other.consumed_;
    other.fd_ = -1;
  }
  return *this;
}

InputFile::~InputFile() {
  if (fd_ >= 0) ::close(fd_);
}

Result<std::size_t> InputFile::read(char* data, std::size_t n) {
  if (deadline_passed()) return deadline_error("reading " + path_);
  // One byte past the limit is enough to tell a file that grew.
  std::uint64_t allowed = limit_ + 1 - consumed_;
  if (n > allowed) n = static_cast<std::size_t>(allowed);
  for (;;) {
    ssize_t got = ::read(fd_, data, n);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      int error = errno;
      return input_error(FLOE_ERR_IO, "unreadable", path_, "cannot read " + path_ + ": " + std::strerror(error));
    }
    consumed_ += static_cast<std::uint64_t>(got);
    if (consumed_ > limit_) return too_large(path_, limit_, consumed_);
    return static_cast<std::size_t>(got);
  }
}

Result<std::size_t> InputFile::read_at(std::uint64_t offset, char* data, std::size_t n) const {
  if (deadline_passed()) return deadline_error("reading " + path_);
  if (offset > limit_) return too_large(path_, limit_, offset);
  const std::uint64_t allowed = limit_ + 1 - offset;
  if (n > allowed) n = static_cast<std::size_t>(allowed);
  for (;;) {
    ssize_t got = ::pread(fd_, data, n, static_cast<off_t>(offset));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      int error = errno;
      return input_error(FLOE_ERR_IO, "unreadable", path_, "cannot read " + path_ + ": " + std::strerror(error));
    }
    if (offset + static_cast<std::uint64_t>(got) > limit_)
      return too_large(path_, limit_, offset + static_cast<std::uint64_t>(got));
    return static_cast<std::size_t>(got);
  }
}

Result<std::string> InputFile::read_all() {
  // Straight into the string, sized by what fstat said (+1 to see growth):
  // a zeroed 64 KiB bounce buffer per file cost more than reading a small
  // file, and a 1k-model project reads a thousand of them.
  std::string out(static_cast<std::size_t>(std::min<std::uint64_t>(size_, limit_)) + 1, '\0');
  std::size_t have = 0;
  for (;;) {
    if (have == out.size()) out.resize(out.size() + std::max(out.size(), kChunk));
    const std::size_t asked = out.size() - have;
    auto got = read(out.data() + have, asked);
    if (!got) return std::move(got).error();
    have += *got;
    // A regular file's read stops short only at its end: once it has given
    // all fstat promised and less than asked, there is nothing more to read.
    // This saves the read that returns 0, one syscall per file (a thousand
    // on a 1k-model project). Short of fstat's size, read on: it shrank or
    // the read was interrupted, and the read that returns 0 decides.
    if (*got == 0 || (*got < asked && have >= size_)) {
      out.resize(have);
      return out;
    }
  }
}

Result<std::string> read_input_file(const std::string& path, const InputRules& rules) {
  auto file = InputFile::open(path, rules);
  if (!file) return std::move(file).error();
  return file->read_all();
}

Result<std::string> read_input_head(const std::string& path, std::size_t n) {
  auto file = InputFile::open(path, InputRules{kUnboundedInput});
  if (!file) return std::move(file).error();
  std::string head(n, '\0');
  std::size_t have = 0;
  while (have < n) {
    auto got = file->read(head.data() + have, n - have);
    if (!got) return std::move(got).error();
    if (*got == 0) break;
    have += *got;
  }
  head.resize(have);
  return head;
}

Result<std::string> read_input_file_beneath(const std::string& root, const std::string& relative,
                                            const InputRules& rules) {
  auto file = InputFile::open_beneath(root, relative, rules);
  if (!file) return std::move(file).error();
  return file->read_all();
}

std::string input_problem(const Error& e) {
  auto* k = e.detail.if_contains("kind");
  auto* p = e.detail.if_contains("problem");
  if (k == nullptr || !k->is_string() || k->as_string() != "input" || p == nullptr || !p->is_string()) return {};
  return std::string(p->as_string());
}

}  // namespace floe
