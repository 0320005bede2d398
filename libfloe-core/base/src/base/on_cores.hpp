// Independent work items spread over the cores: the files of a dbt project,
// the contracts of a product's ports. Each item is done exactly once, by the
// caller's thread or a helper, under the caller's operation deadline.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

#include "base/deadline.hpp"
#include "base/helper_thread.hpp"

namespace floe {

// Calls work(i) for every i < count, on up to min(cores, 8) threads; on the
// caller's thread alone when count < min_parallel (threads cost more than
// they save on a handful of items). Returns when every item is done.
template <typename Work>
void for_each_on_cores(std::size_t count, std::size_t min_parallel, Work&& work) {
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const std::size_t workers = count < min_parallel ? 1 : std::min<std::size_t>(cores, 8);
  std::atomic<std::size_t> next{0};
  auto drain = [&] {
    for (std::size_t i = next++; i < count; i = next++) work(i);
  };
  std::vector<HelperThread> threads;
  const DeadlineHandle deadline = current_deadline();  // helpers work under the caller's deadline
  for (std::size_t t = 1; t < workers; ++t)
    threads.emplace_back([&drain, deadline] {
      DeadlineScope scope(deadline);
      drain();
    });
  drain();
  for (auto& t : threads) t.join();
}

}  // namespace floe
