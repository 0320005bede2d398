// An exclusive flock(2) on a lock file, held for the lifetime of the object.
// Used around read-modify-write of small shared files (a layout's index.json,
// the cache's refs.json) so that concurrent floe processes, and threads of one
// process (each lock opens its own file description), never lose an update.
#pragma once

#include <string>

#include "base/result.hpp"

namespace floe::oci {

class AdvisoryLock {
 public:
  // Creates `path` (and its parent directories) when missing and blocks
  // until the lock is held, or until the operation's deadline passes
  // (base/deadline.hpp: then deadline_error()). A symlink at `path` is refused.
  static Result<AdvisoryLock> acquire(const std::string& path);
  ~AdvisoryLock();
  AdvisoryLock(AdvisoryLock&& other) noexcept;
  AdvisoryLock& operator=(AdvisoryLock&&) = delete;
  AdvisoryLock(const AdvisoryLock&) = delete;
  AdvisoryLock& operator=(const AdvisoryLock&) = delete;

 private:
  explicit AdvisoryLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace floe::oci
