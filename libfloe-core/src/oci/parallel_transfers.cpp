#include "oci/parallel_transfers.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "base/deadline.hpp"

namespace floe::oci {

Result<Ok> run_parallel(const ParallelWork& job) {
  if (job.count == 0) return Ok{};
  std::mutex mutex;
  std::condition_variable changed;
  std::size_t next = 0, finished = 0;
  std::deque<std::size_t> done;
  std::optional<Error> failure;

  auto worker = [&] {
    std::unique_ptr<ContentTarget> target = job.make_target();
    for (;;) {
      std::size_t item;
      {
        std::lock_guard<std::mutex> lock(mutex);
        if (failure || next == job.count) break;
        item = next++;
      }
      Result<Ok> r = job.work(*target, item);
      std::lock_guard<std::mutex> lock(mutex);
      ++finished;
      if (!r && !failure) failure = r.error();
      if (r) done.push_back(item);
      changed.notify_one();
    }
    std::lock_guard<std::mutex> lock(mutex);
    changed.notify_one();
  };

  int n = std::max(1, std::min<int>(job.workers, static_cast<int>(job.count)));
  std::vector<std::thread> threads;
  threads.reserve(static_cast<std::size_t>(n));
  const DeadlineHandle deadline = current_deadline();  // workers transfer under the caller's deadline
  for (int i = 0; i < n; ++i)
    threads.emplace_back([&worker, deadline] {
      DeadlineScope scope(deadline);
      worker();
    });
  {
    std::unique_lock<std::mutex> lock(mutex);
    for (;;) {
      changed.wait(lock, [&] { return !done.empty() || (finished == next && (failure || next == job.count)); });
      while (!done.empty()) {
        std::size_t item = done.front();
        done.pop_front();
        if (job.on_done) {
          lock.unlock();
          job.on_done(item);
          lock.lock();
        }
      }
      if (finished == next && (failure || next == job.count)) break;
    }
  }
  for (auto& t : threads) t.join();
  if (failure) return *failure;
  return Ok{};
}

}  // namespace floe::oci
