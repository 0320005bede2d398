// One floe run of a product at a time: an exclusive flock(2) on
// target/.floe_run.lock, held for the whole run, with the holder's pid and
// start time in the file so a refused run can say who holds it. flock locks
// die with their process, so a crashed run never leaves a stale lock.
#pragma once

#include <functional>
#include <optional>
#include <string>

namespace floe::run {

class RunLock {
 public:
  RunLock(RunLock&& other) noexcept;
  RunLock& operator=(RunLock&&) = delete;
  ~RunLock();

  // Takes the lock, or (wait = false) fails at once when another process
  // holds it: nullopt with `holder` describing it ("pid 4242, since
  // 2026-11-23T09:15:02Z"). With wait = true it waits, asking `cancelled`
  // every 100 ms; nullopt then means cancelled. An unusable lock file is
  // nullopt with `problem` set.
  static std::optional<RunLock> acquire(const std::string& path, const std::string& run_id, bool wait,
                                        const std::function<bool()>& cancelled, std::string& holder,
                                        std::string& problem);

 private:
  explicit RunLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace floe::run
