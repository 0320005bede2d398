// base/input_file.hpp, the one way floe reads files it does not control, and
// base/deadline.hpp: what is refused (and that it is refused at once: a FIFO
// is never waited on), what is bounded, and the deadline every read checks.
// These run in the test process itself, so each case carries a ctest TIMEOUT
// (tests/hostile/CMakeLists.txt): a regression that blocks fails the case.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "base/deadline.hpp"
#include "base/input_file.hpp"
#include "base/json_text.hpp"
#include "core/sha256.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
using floe::InputFile;
using floe::InputRules;
using floe::input_problem;
using floe::read_input_file;
using floe::read_input_file_beneath;
using floe::test::TempDir;
using floe::test::write_file;

namespace {

std::string fifo(const fs::path& p) {
  fs::create_directories(p.parent_path());
  REQUIRE(::mkfifo(p.c_str(), 0600) == 0);
  return p.string();
}

// A read that must come back at once (nothing waited on).
template <class F>
auto quickly(F&& f) {
  auto start = std::chrono::steady_clock::now();
  auto r = f();
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
  return r;
}

}  // namespace

TEST_CASE("a regular file within its limit is read whole", "[input]") {
  TempDir tmp;
  write_file(tmp.path() / "a.txt", "hello");
  auto r = read_input_file((tmp.path() / "a.txt").string(), InputRules{5});
  REQUIRE(r);
  CHECK(*r == "hello");
  auto f = InputFile::open((tmp.path() / "a.txt").string(), InputRules{100});
  REQUIRE(f);
  CHECK(f->size() == 5);
}

TEST_CASE("a file larger than the limit is refused before it is read", "[input]") {
  TempDir tmp;
  write_file(tmp.path() / "big", std::string(4097, 'x'));
  auto r = read_input_file((tmp.path() / "big").string(), InputRules{4096});
  REQUIRE_FALSE(r);
  CHECK(r.error().code == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(input_problem(r.error()) == "too_large");
  CHECK(r.error().message.find("is larger than 4 KiB") != std::string::npos);
  CHECK(r.error().detail.at("limit") == 4096);
}

TEST_CASE("a FIFO is refused at once, never waited on", "[input][fifo]") {
  TempDir tmp;
  std::string path = fifo(tmp.path() / "index.json");
  auto r = quickly([&] { return read_input_file(path, InputRules{1024}); });
  REQUIRE_FALSE(r);
  CHECK(input_problem(r.error()) == "not_regular");
  CHECK(r.error().message.find("is not a regular file (a FIFO (named pipe))") != std::string::npos);
  // Below a root too, and through every reader built on it.
  auto b = quickly([&] { return read_input_file_beneath(tmp.str(), "index.json", InputRules{1024}); });
  REQUIRE_FALSE(b);
  CHECK(input_problem(b.error()) == "not_regular");
  auto j = quickly([&] { return floe::read_json_file(path, 1024); });
  REQUIRE_FALSE(j);
  CHECK(input_problem(j.error()) == "not_regular");
  CHECK_FALSE(quickly([&] { return floe::sha256_file_hex(path); }));
}

TEST_CASE("a device, or a symlink to one, is refused at once", "[input]") {
  TempDir tmp;
  fs::create_symlink("/dev/zero", tmp.path() / "zero.json");
  for (const std::string& path : {std::string("/dev/zero"), (tmp.path() / "zero.json").string()}) {
    INFO(path);
    auto r = quickly([&] { return read_input_file(path, InputRules{1 << 20}); });
    REQUIRE_FALSE(r);
    CHECK(input_problem(r.error()) == "not_regular");
    CHECK(r.error().message.find("a character device") != std::string::npos);
  }
  auto dir = read_input_file(tmp.str(), InputRules{1024});
  REQUIRE_FALSE(dir);
  CHECK(input_problem(dir.error()) == "not_regular");
}

TEST_CASE("symlinks: followed by default, refused when the rules say so", "[input][symlink]") {
  TempDir tmp;
  write_file(tmp.path() / "real.txt", "content");
  fs::create_symlink(tmp.path() / "real.txt", tmp.path() / "link.txt");
  CHECK(read_input_file((tmp.path() / "link.txt").string(), InputRules{100}));
  auto r = read_input_file((tmp.path() / "link.txt").string(), InputRules{100, false});
  REQUIRE_FALSE(r);
  CHECK(input_problem(r.error()) == "symlink");
  fs::create_symlink(tmp.path() / "loop-b", tmp.path() / "loop-a");
  fs::create_symlink(tmp.path() / "loop-a", tmp.path() / "loop-b");
  auto loop = quickly([&] { return read_input_file((tmp.path() / "loop-a").string(), InputRules{100}); });
  REQUIRE_FALSE(loop);
  CHECK(input_problem(loop.error()) == "symlink");
  auto missing = read_input_file((tmp.path() / "none").string(), InputRules{100});
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == FLOE_ERR_NOT_FOUND);
  CHECK(input_problem(missing.error()) == "missing");
}

TEST_CASE("below a root: no symlink on any component, no way out", "[input][symlink]") {
  TempDir tmp, elsewhere;
  write_file(tmp.path() / "layout/blobs/sha256/abc", "blob");
  write_file(elsewhere.path() / "sha256/abc", "blob");
  const std::string root = (tmp.path() / "layout").string();
  auto ok = read_input_file_beneath(root, "blobs/sha256/abc", InputRules{100});
  REQUIRE(ok);
  CHECK(*ok == "blob");

  // The file itself a symlink (to identical content elsewhere).
  fs::remove(tmp.path() / "layout/blobs/sha256/abc");
  fs::create_symlink(elsewhere.path() / "sha256/abc", tmp.path() / "layout/blobs/sha256/abc");
  auto file_link = read_input_file_beneath(root, "blobs/sha256/abc", InputRules{100, true});
  REQUIRE_FALSE(file_link);
  CHECK(input_problem(file_link.error()) == "symlink");

  // A directory on the way a symlink.
  fs::remove_all(tmp.path() / "layout/blobs");
  fs::create_symlink(elsewhere.path(), tmp.path() / "layout/blobs");
  auto dir_link = read_input_file_beneath(root, "blobs/sha256/abc", InputRules{100});
  REQUIRE_FALSE(dir_link);
  CHECK(input_problem(dir_link.error()) == "symlink");
  CHECK(dir_link.error().message.find("layout/blobs is a symlink") != std::string::npos);

  for (const char* escape : {"../x", "blobs/../../x", "/etc/passwd", "a//b", ""}) {
    INFO(escape);
    auto r = read_input_file_beneath(root, escape, InputRules{100});
    REQUIRE_FALSE(r);
    CHECK(input_problem(r.error()) == "outside");
  }
  // The root itself may be a symlink: the user named it.
  write_file(elsewhere.path() / "index.json", "{}");
  fs::create_symlink(elsewhere.path(), tmp.path() / "root-link");
  CHECK(read_input_file_beneath((tmp.path() / "root-link").string(), "index.json", InputRules{100}));
}

TEST_CASE("streaming stops at the limit even when the file grows", "[input]") {
  TempDir tmp;
  const auto path = tmp.path() / "growing";
  write_file(path, std::string(10, 'a'));
  auto f = InputFile::open(path.string(), InputRules{16});
  REQUIRE(f);
  {
    std::FILE* out = std::fopen(path.c_str(), "ab");
    REQUIRE(out != nullptr);
    std::string more(100, 'b');
    std::fwrite(more.data(), 1, more.size(), out);
    std::fclose(out);
  }
  auto all = f->read_all();
  REQUIRE_FALSE(all);
  CHECK(input_problem(all.error()) == "too_large");
}


// read_all stops at a short read once it has fstat's size (no read that
// returns 0): a file that changed after open must still come back whole.
TEST_CASE("a file that grew or shrank after open is read as it is, and an empty one as empty", "[input]") {
  TempDir tmp;
  const auto path = tmp.path() / "changing";
  auto append = [&](const std::string& text) {
    std::FILE* out = std::fopen(path.c_str(), "ab");
    REQUIRE(out != nullptr);
    std::fwrite(text.data(), 1, text.size(), out);
    std::fclose(out);
  };
  write_file(path, std::string(10, 'a'));
  {
    auto f = InputFile::open(path.string(), InputRules{1 << 20});
    REQUIRE(f);
    append(std::string(70000, 'b'));  // more than one read's worth past fstat's size
    auto all = f->read_all();
    REQUIRE(all);
    CHECK(*all == std::string(10, 'a') + std::string(70000, 'b'));
  }
  {
    auto f = InputFile::open(path.string(), InputRules{1 << 20});
    REQUIRE(f);
    fs::resize_file(path, 3);
    auto all = f->read_all();
    REQUIRE(all);
    CHECK(*all == "aaa");
  }
  {
    write_file(path, "");
    auto f = InputFile::open(path.string(), InputRules{16});
    REQUIRE(f);
    append("late");
    auto all = f->read_all();
    REQUIRE(all);
    CHECK(*all == "late");
  }
  write_file(path, "");
  auto empty = read_input_file(path.string(), InputRules{16});
  REQUIRE(empty);
  CHECK(empty->empty());
}
TEST_CASE("the operation's deadline stops reads, and says so", "[input][deadline]") {
  TempDir tmp;
  write_file(tmp.path() / "a.txt", "hello");
  const std::string path = (tmp.path() / "a.txt").string();
  CHECK_FALSE(floe::deadline_stopped_something());  // no deadline: nothing bounded
  CHECK_FALSE(floe::time_left());
  {
    floe::DeadlineScope scope(floe::make_deadline(60000));
    CHECK(read_input_file(path, InputRules{100}));
    CHECK(floe::time_left());
    CHECK_FALSE(floe::deadline_stopped_something());
  }
  floe::DeadlineScope scope(floe::make_deadline(1));
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto r = read_input_file(path, InputRules{100});
  REQUIRE_FALSE(r);
  CHECK(floe::is_deadline_error(r.error()));
  CHECK(r.error().code == FLOE_ERR_TIMEOUT);
  CHECK(r.error().message.find("deadline (0.001 s) passed while opening") != std::string::npos);
  CHECK(floe::deadline_stopped_something());
  // A worker thread inherits it only when given it.
  const floe::DeadlineHandle d = floe::current_deadline();
  bool inherited = false, bare = true;
  std::thread([&] {
    bare = floe::deadline_passed();
    floe::DeadlineScope worker(d);
    inherited = floe::deadline_passed();
  }).join();
  CHECK_FALSE(bare);
  CHECK(inherited);
}
