// base/folder_listing: the listing the dbt project walk and plugin discovery
// trust instead of a stat per entry.
#include <catch2/catch.hpp>

#include <dirent.h>
#include <sys/stat.h>

#include <filesystem>
#include <string>
#include <vector>

#include "base/folder_listing.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
using floe::FolderListing;
using floe::test::TempDir;
using floe::test::write_file;

namespace {

std::vector<std::string> listed_names(const FolderListing& l) {
  std::vector<std::string> out;
  for (const auto& e : l.entries()) out.push_back(e.name);
  return out;
}

unsigned char dirent_type_of(const struct stat& st) {
  if (S_ISDIR(st.st_mode)) return DT_DIR;
  if (S_ISREG(st.st_mode)) return DT_REG;
  if (S_ISLNK(st.st_mode)) return DT_LNK;
  return DT_UNKNOWN;
}

}  // namespace

TEST_CASE("folder listing: entries sorted by name, hidden ones as asked, types as lstat sees them",
          "[folder_listing]") {
  TempDir dir;
  write_file(dir.path() / "b.sql", "select 1");
  write_file(dir.path() / "A.yml", "x: 1");
  write_file(dir.path() / ".hidden", "");
  fs::create_directories(dir.path() / "models");
  fs::create_directories(dir.path() / ".git");
  fs::create_symlink("b.sql", dir.path() / "link.sql");

  const FolderListing all(dir.str());
  CHECK(listed_names(all) == std::vector<std::string>{".git", ".hidden", "A.yml", "b.sql", "link.sql", "models"});
  const FolderListing visible(dir.str(), FolderListing::Hidden::skipped);
  CHECK(listed_names(visible) == std::vector<std::string>{"A.yml", "b.sql", "link.sql", "models"});

  // A file system may say DT_UNKNOWN; what it does say must be true.
  for (const auto& e : all.entries()) {
    INFO(e.name);
    struct stat st {};
    REQUIRE(all.lstat(e.name, st));
    if (e.type != DT_UNKNOWN) CHECK(e.type == dirent_type_of(st));
  }
  struct stat link {};
  REQUIRE(all.lstat("link.sql", link));
  CHECK(S_ISLNK(link.st_mode));  // not followed

  const bool typed = all.entries()[3].type != DT_UNKNOWN;
  CHECK(all.listed_regular("b.sql") == typed);
  CHECK_FALSE(all.listed_regular("link.sql"));
  CHECK_FALSE(all.listed_regular("models"));
  CHECK_FALSE(all.listed_regular("missing.sql"));
  CHECK_FALSE(all.listed_regular("b.sq"));
}

TEST_CASE("folder listing: a missing folder, or a file, lists nothing", "[folder_listing]") {
  TempDir dir;
  write_file(dir.path() / "file", "x");
  for (const auto& p : {dir.path() / "missing", dir.path() / "file"}) {
    INFO(p);
    const FolderListing l(p.string());
    CHECK(l.entries().empty());
    struct stat st {};
    CHECK_FALSE(l.lstat("file", st));
    CHECK_FALSE(l.listed_regular("file"));
  }
}

TEST_CASE("folder listing: entries gone since the listing are not found by lstat", "[folder_listing]") {
  TempDir dir;
  write_file(dir.path() / "a.sql", "select 1");
  const FolderListing l(dir.str());
  REQUIRE(listed_names(l) == std::vector<std::string>{"a.sql"});
  fs::remove(dir.path() / "a.sql");
  struct stat st {};
  CHECK_FALSE(l.lstat("a.sql", st));
}
