// core/atomic_directory (issue 34 item 21): the platform directory (and
// every other tree floe replaces whole) is at every instant a complete tree.
// Before, it was moved aside and the new one moved in by two renames: a
// SIGKILL between them left no directory, and concurrent writers failed with
// FLOE-O801 and orphaned ".old-*" folders.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "core/atomic_directory.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
using floe::replace_directory_atomically;

namespace {

// Two files of one generation, so a reader can tell a complete tree.
floe::Result<floe::Ok> write_generation(const fs::path& staging, const std::string& generation) {
  for (const char* name : {"manifest.json", "policies.json"}) {
    std::ofstream(staging / name) << generation;
  }
  return floe::Ok{};
}

std::vector<std::string> leftovers(const fs::path& parent) {
  std::vector<std::string> found;
  for (const auto& e : fs::directory_iterator(parent)) {
    std::string name = e.path().filename().string();
    if (name.find(".tmp-") != std::string::npos || name.find(".old-") != std::string::npos) found.push_back(name);
  }
  return found;
}

}  // namespace

TEST_CASE("atomic directory: a replace swaps in the whole new tree and leaves nothing beside it") {
  floe::test::TempDir tmp;
  fs::path target = tmp.path() / "platform";
  REQUIRE(replace_directory_atomically(target.string(), [](const fs::path& s) { return write_generation(s, "1"); }));
  std::ofstream(target / "stale.json") << "{}";
  REQUIRE(replace_directory_atomically(target.string(), [](const fs::path& s) { return write_generation(s, "2"); }));
  CHECK(fs::exists(target / "manifest.json"));
  CHECK_FALSE(fs::exists(target / "stale.json"));
  CHECK(leftovers(tmp.path()).empty());
  // A failing fill changes nothing.
  auto failed = replace_directory_atomically(target.string(), [](const fs::path&) -> floe::Result<floe::Ok> {
    return floe::make_error(FLOE_ERR_IO, "disk full");
  });
  CHECK_FALSE(failed);
  CHECK(fs::exists(target / "manifest.json"));
  CHECK(leftovers(tmp.path()).empty());
}

TEST_CASE("atomic directory: concurrent writers all succeed and a reader always finds a complete tree") {
  floe::test::TempDir tmp;
  fs::path target = tmp.path() / "platform";
  REQUIRE(replace_directory_atomically(target.string(), [](const fs::path& s) { return write_generation(s, "0"); }));
  std::atomic<bool> done{false};
  std::atomic<int> missing{0}, failures{0};
  std::thread reader([&] {
    while (!done) {
      std::error_code ec;
      if (!fs::exists(target / "manifest.json", ec)) ++missing;
    }
  });
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < 50; ++i) {
        auto r = replace_directory_atomically(target.string(), [&](const fs::path& s) {
          return write_generation(s, std::to_string(w * 1000 + i));
        });
        if (!r) ++failures;
      }
    });
  }
  for (auto& t : writers) t.join();
  done = true;
  reader.join();
  CHECK(failures == 0);
  CHECK(missing == 0);
  CHECK(leftovers(tmp.path()).empty());
}

TEST_CASE("atomic directory: a writer killed at any instant leaves a complete tree, its leftovers go next time") {
  floe::test::TempDir tmp;
  fs::path target = tmp.path() / "platform";
  REQUIRE(replace_directory_atomically(target.string(), [](const fs::path& s) { return write_generation(s, "0"); }));
  for (int round = 0; round < 20; ++round) {
    pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      for (int i = 0;; ++i)
        (void)replace_directory_atomically(target.string(),
                                           [&](const fs::path& s) { return write_generation(s, std::to_string(i)); });
    }
    std::this_thread::sleep_for(std::chrono::microseconds(300 + 700 * round));
    ::kill(child, SIGKILL);
    ::waitpid(child, nullptr, 0);
    INFO("round " << round);
    REQUIRE(fs::exists(target / "manifest.json"));
    REQUIRE(fs::exists(target / "policies.json"));
  }
  // The killed writers' staging folders are removed by the next replace; a
  // live writer's (this process's parent stands in for one) is kept.
  fs::path live = tmp.path() / ("platform.tmp-" + std::to_string(::getppid()) + "-9");
  fs::create_directory(live);
  REQUIRE(replace_directory_atomically(target.string(), [](const fs::path& s) { return write_generation(s, "last"); }));
  CHECK(leftovers(tmp.path()) == std::vector<std::string>{live.filename().string()});
}
