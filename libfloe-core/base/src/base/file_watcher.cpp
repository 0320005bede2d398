#include "base/file_watcher.hpp"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>

namespace floe {

namespace fs = std::filesystem;

namespace {

constexpr uint32_t kEvents = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_ATTRIB;

std::string joined(const std::string& dir, const char* name) {
  if (dir.empty() || dir == ".") return name;
  return dir.back() == '/' ? dir + name : dir + "/" + name;
}

}  // namespace

FileWatcher::FileWatcher() : fd_(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {
  if (fd_ < 0) problem_ = std::string("inotify: ") + std::strerror(errno);
}

FileWatcher::~FileWatcher() {
  if (fd_ >= 0) ::close(fd_);
}

void FileWatcher::add_dir(const std::string& dir, bool tree) {
  if (fd_ < 0) return;
  auto known = descriptor_of_.find(dir);
  if (known != descriptor_of_.end()) {
    by_descriptor_[known->second].tree = by_descriptor_[known->second].tree || tree;
    return;
  }
  const int wd = ::inotify_add_watch(fd_, dir.c_str(), kEvents | IN_ONLYDIR | IN_DONT_FOLLOW);
  if (wd < 0) {
    // A directory removed meanwhile is no problem; the limits are.
    if (errno == ENOSPC || errno == ENOMEM)
      problem_ = "inotify: cannot watch " + dir + ": " + std::strerror(errno) +
                 " (raise fs.inotify.max_user_watches)";
    return;
  }
  by_descriptor_[wd] = Watched{dir, tree};
  descriptor_of_[dir] = wd;
}

void FileWatcher::watch_tree(const std::string& dir) {
  add_dir(dir, true);
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
       !ec && it != end; it.increment(ec)) {
    // symlink_status: a symlinked directory is neither watched nor entered.
    if (it->symlink_status(ec).type() == fs::file_type::directory) add_dir(it->path().string(), true);
  }
}

void FileWatcher::watch_file(const std::string& file) {
  files_.insert(file);
  std::string dir = fs::path(file).parent_path().string();
  add_dir(dir.empty() ? "." : dir, false);
}

bool FileWatcher::drain(std::set<std::string>& changed) {
  alignas(inotify_event) char buffer[64 * 1024];
  bool any = false;
  for (;;) {
    const ssize_t n = ::read(fd_, buffer, sizeof buffer);
    if (n <= 0) return any;  // EAGAIN: nothing more now
    for (ssize_t at = 0; at < n;) {
      const auto* event = reinterpret_cast<const inotify_event*>(buffer + at);
      at += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
      if (event->mask & IN_Q_OVERFLOW) {
        // Events were lost: the caller must assume anything changed.
        overflowed_ = true;
        changed.insert(files_.begin(), files_.end());
        any = true;
        continue;
      }
      auto watched = by_descriptor_.find(event->wd);
      if (watched == by_descriptor_.end()) continue;
      if (event->mask & IN_IGNORED) {
        // The folder is gone (or was moved away): forget its watch, so a
        // folder made again at the same path (a branch checked out) is
        // watched again when it appears.
        descriptor_of_.erase(watched->second.dir);
        by_descriptor_.erase(watched);
        continue;
      }
      if (event->len == 0) continue;
      const Watched& w = watched->second;
      std::string path = joined(w.dir, event->name);
      if ((event->mask & IN_ISDIR) && w.tree && (event->mask & (IN_CREATE | IN_MOVED_TO))) {
        watch_tree(path);  // a new folder: watched, and what it already holds told
        std::error_code ec;
        for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec))
          changed.insert(it->path().string());
      }
      if (!w.tree && !files_.count(path)) continue;
      changed.insert(std::move(path));
      any = true;
    }
  }
}

std::vector<std::string> FileWatcher::wait(int timeout_ms, int settle_ms) {
  std::set<std::string> changed;
  if (fd_ < 0) return {};
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, timeout_ms) <= 0) return {};
  drain(changed);
  // Until the writes settle.
  while (settle_ms > 0 && ::poll(&p, 1, settle_ms) > 0) drain(changed);
  return {changed.begin(), changed.end()};
}

}  // namespace floe
