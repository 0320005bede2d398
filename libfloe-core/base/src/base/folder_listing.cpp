#include "base/folder_listing.hpp"

#include <fcntl.h>

#include <algorithm>
#include <cerrno>

namespace floe {

FolderListing::FolderListing(const std::string& dir, Hidden hidden) : dir_(::opendir(dir.c_str())) {
  if (dir_ == nullptr) {
    error_ = errno;
    return;
  }
  for (;;) {
    errno = 0;  // readdir says "the end" and "failed" both with nullptr
    const dirent* e = ::readdir(dir_);
    if (e == nullptr) {
      error_ = errno;
      break;
    }
    const std::string_view name = e->d_name;
    if (name == "." || name == "..") continue;
    if (hidden == Hidden::skipped && name.front() == '.') continue;
    entries_.push_back({std::string(name), e->d_type});
  }
  std::sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) { return a.name < b.name; });
}

FolderListing::~FolderListing() {
  if (dir_ != nullptr) ::closedir(dir_);
}

bool FolderListing::listed_regular(std::string_view name) const {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), name,
                             [](const Entry& e, std::string_view n) { return e.name < n; });
  return it != entries_.end() && it->name == name && it->type == DT_REG;
}

bool FolderListing::lstat(const std::string& name, struct stat& st) const {
  return dir_ != nullptr && ::fstatat(::dirfd(dir_), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0;
}

}  // namespace floe
