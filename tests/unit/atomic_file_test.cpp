// base/atomic_file: a file floe writes is either all there or not changed
// at all. The streamed form (the dbt parse cache writes through it) leaves
// nothing behind when its producer gives up or throws, and never writes
// through a symlink at the target's name.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <stdexcept>
#include <string>

#include "base/atomic_file.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
using floe::ContentSink;
using floe::Durability;
using floe::write_file_atomically;
using floe::test::read_file;
using floe::test::TempDir;
using floe::test::write_file;

namespace atomic_file_test {

std::size_t entries(const fs::path& dir) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
  return n;
}

}  // namespace atomic_file_test

using namespace atomic_file_test;

TEST_CASE("atomic file: streamed pieces make one file with the mode asked for", "[atomic-file]") {
  TempDir dir;
  const std::string path = (dir.path() / "sub" / "cache.bin").string();  // its folder is made
  const auto written = write_file_atomically(
      path, [](const ContentSink& sink) { return sink("one ") && sink("") && sink("two"); }, 0600,
      Durability::unsynced);
  REQUIRE(written);
  CHECK(read_file(path) == "one two");
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(entries(dir.path() / "sub") == 1);  // no temporary file left

  REQUIRE(write_file_atomically(path, "plain", Durability::synced));
  CHECK(read_file(path) == "plain");
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0644);
}

TEST_CASE("atomic file: a producer that gives up or throws changes nothing", "[atomic-file]") {
  TempDir dir;
  const fs::path path = dir.path() / "out.txt";
  write_file(path, "before\n");

  const auto abandoned = write_file_atomically(
      path.string(), [](const ContentSink& sink) { return sink("half") && false; }, 0644, Durability::unsynced);
  CHECK_FALSE(abandoned);
  CHECK(read_file(path) == "before\n");
  CHECK(entries(dir.path()) == 1);

  CHECK_THROWS_AS(write_file_atomically(
                      path.string(),
                      [](const ContentSink& sink) -> bool {
                        sink("half");
                        throw std::runtime_error("producer failed");
                      },
                      0644, Durability::unsynced),
                  std::runtime_error);
  CHECK(read_file(path) == "before\n");
  CHECK(entries(dir.path()) == 1);
}

TEST_CASE("atomic file: a symlink at the target is replaced, never written through", "[atomic-file]") {
  TempDir dir;
  const fs::path victim = dir.path() / "victim.txt";
  write_file(victim, "keep me\n");
  const fs::path link = dir.path() / "out.txt";
  fs::create_symlink(victim, link);

  REQUIRE(write_file_atomically(link.string(), [](const ContentSink& sink) { return sink("new"); }, 0600,
                                Durability::unsynced));
  CHECK_FALSE(fs::is_symlink(link));
  CHECK(read_file(link) == "new");
  CHECK(read_file(victim) == "keep me\n");
}
