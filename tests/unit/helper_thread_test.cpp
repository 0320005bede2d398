// base/helper_thread: the work runs, the thread is joined, and a helper ends
// up free to run wherever its creator may (its start-up mask is temporary).
#include <catch2/catch.hpp>

#include <sched.h>

#include <atomic>
#include <vector>

#include "base/helper_thread.hpp"
#include "base/on_cores.hpp"

TEST_CASE("helper threads run their work with their creator's CPU mask", "[threads]") {
  cpu_set_t creator;
  CPU_ZERO(&creator);
  REQUIRE(sched_getaffinity(0, sizeof creator, &creator) == 0);
  for (int i = 0; i < 20; ++i) {
    cpu_set_t seen;
    CPU_ZERO(&seen);
    std::atomic<bool> ran{false};
    floe::HelperThread helper([&] {
      sched_getaffinity(0, sizeof seen, &seen);
      ran = true;
    });
    helper.join();
    CHECK(ran);
    CHECK_FALSE(helper.joinable());
    CHECK(CPU_EQUAL(&seen, &creator));
  }
  // Moved, then joined by the destructor of the one that holds it.
  std::atomic<int> count{0};
  {
    std::vector<floe::HelperThread> helpers;
    for (int i = 0; i < 4; ++i) helpers.emplace_back([&] { ++count; });
    floe::HelperThread moved = std::move(helpers.back());
    CHECK_FALSE(helpers.back().joinable());
    CHECK(moved.joinable());
  }
  CHECK(count == 4);
}

TEST_CASE("for_each_on_cores does every item exactly once", "[threads]") {
  for (std::size_t count : {0u, 1u, 7u, 64u, 1000u}) {
    std::vector<std::atomic<int>> done(count);
    floe::for_each_on_cores(count, 2, [&](std::size_t i) { ++done[i]; });
    for (std::size_t i = 0; i < count; ++i) REQUIRE(done[i] == 1);
  }
}
