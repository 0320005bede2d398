// A dbt project is another team's files: read_dbt_project follows symlinks
// only while they stay inside the project (FLOE-D007 otherwise), reports a
// symlink loop or a second way into a folder (FLOE-D008) instead of walking
// forever, and refuses project files that are not regular files (FLOE-D005,
// a FIFO is never waited on) or larger than 16 MiB; a target/manifest.json
// that is a FIFO is refused and the files are read instead.
#include <catch2/catch.hpp>

#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <string>

#include "base/input_file.hpp"
#include "dbt/dbt_project.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
using floe::Diagnostics;
using floe::dbt::DbtProject;
using floe::dbt::read_dbt_project;
using floe::test::TempDir;
using floe::test::write_file;

namespace {

const std::string kProjectYml = "name: demo\nversion: '1.0'\nconfig-version: 2\nprofile: demo\n";

std::vector<std::string> codes_of(const Diagnostics& diags, floe::Severity severity = floe::Severity::error) {
  std::vector<std::string> out;
  for (const auto& d : diags.items())
    if (d.severity == severity) out.push_back(d.code);
  return out;
}

std::vector<std::string> names(const DbtProject& p) {
  std::vector<std::string> out;
  for (const auto& m : p.models) out.push_back(m.name);
  return out;
}

std::string messages(const Diagnostics& diags) {
  std::string out;
  for (const auto& d : diags.items()) out += d.code + ": " + d.message + "\n";
  return out;
}

// Reads the project, checking it came back at once (no walk forever, no wait).
bool read(const fs::path& dir, DbtProject& p, Diagnostics& diags) {
  auto start = std::chrono::steady_clock::now();
  bool ok = read_dbt_project(dir.string(), p, diags, true);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  return ok;
}

void project(const fs::path& dir) {
  write_file(dir / "dbt_project.yml", kProjectYml);
  write_file(dir / "models/a.sql", "select 1 as id\n");
}

}  // namespace

TEST_CASE("a symlink inside the project is followed", "[dbt][symlink]") {
  TempDir tmp;
  project(tmp.path());
  write_file(tmp.path() / "shared/b.sql", "select 2 as id\n");
  fs::create_directory_symlink(tmp.path() / "shared", tmp.path() / "models/shared");
  fs::create_symlink(tmp.path() / "models/a.sql", tmp.path() / "models/c.sql");
  DbtProject p;
  Diagnostics diags;
  REQUIRE(read(tmp.path(), p, diags));
  INFO(messages(diags));
  CHECK(codes_of(diags).empty());
  CHECK(names(p) == std::vector<std::string>{"a", "b", "c"});
}

TEST_CASE("a symlink that leaves the project is FLOE-D007, never read", "[dbt][symlink]") {
  TempDir tmp, elsewhere;
  project(tmp.path());
  write_file(elsewhere.path() / "secret.sql", "select 'outside' as x\n");
  write_file(elsewhere.path() / "dir/d.sql", "select 1\n");
  fs::create_symlink(elsewhere.path() / "secret.sql", tmp.path() / "models/secret.sql");
  fs::create_directory_symlink(elsewhere.path() / "dir", tmp.path() / "models/dir");
  DbtProject p;
  Diagnostics diags;
  CHECK_FALSE(read(tmp.path(), p, diags));
  INFO(messages(diags));
  CHECK(codes_of(diags) == std::vector<std::string>{"FLOE-D007", "FLOE-D007"});
  CHECK(names(p) == std::vector<std::string>{"a"});
  CHECK(diags.items().front().message.find("leads outside the dbt project") != std::string::npos);

  // The model path itself, and dbt_project.yml.
  TempDir other;
  write_file(other.path() / "dbt_project.yml", kProjectYml);
  fs::create_directory_symlink(elsewhere.path() / "dir", other.path() / "models");
  Diagnostics d2;
  DbtProject p2;
  CHECK_FALSE(read(other.path(), p2, d2));
  CHECK(codes_of(d2) == std::vector<std::string>{"FLOE-D007"});
  TempDir third;
  write_file(elsewhere.path() / "dbt_project.yml", kProjectYml);
  fs::create_symlink(elsewhere.path() / "dbt_project.yml", third.path() / "dbt_project.yml");
  Diagnostics d3;
  DbtProject p3;
  CHECK_FALSE(read(third.path(), p3, d3));
  CHECK(codes_of(d3) == std::vector<std::string>{"FLOE-D007"});
}

TEST_CASE("a model folder floe cannot read is FLOE-D005, never skipped", "[dbt]") {
  TempDir tmp;
  project(tmp.path());
  write_file(tmp.path() / "models/silver/silver_orders.sql", "select 2 as id\n");
  // The walk must not report "1 model" and go on: the folder's models (and
  // the rules they break) would silently vanish.
  fs::permissions(tmp.path() / "models/silver", fs::perms::none);
  fs::permissions(tmp.path(), fs::perms::owner_all | fs::perms::others_read | fs::perms::others_exec);
  // root reads any folder: the walk runs in a child as nobody, which the
  // permissions hold back (as they would any user but the folder's owner).
  int out[2];
  REQUIRE(::pipe(out) == 0);
  pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::close(out[0]);
    if (::geteuid() == 0 && (::setgroups(0, nullptr) != 0 || ::setgid(65534) != 0 || ::setuid(65534) != 0)) ::_exit(90);
    DbtProject p;
    Diagnostics diags;
    bool ok = read_dbt_project(tmp.path().string(), p, diags, true);
    std::string report = std::string(ok ? "ok" : "failed") + "\n" + messages(diags);
    for (const auto& name : names(p)) report += "model " + name + "\n";
    (void)!::write(out[1], report.data(), report.size());
    ::_exit(0);
  }
  ::close(out[1]);
  std::string report;
  char buffer[4096];
  for (ssize_t n; (n = ::read(out[0], buffer, sizeof buffer)) > 0;) report.append(buffer, static_cast<std::size_t>(n));
  ::close(out[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  fs::permissions(tmp.path() / "models/silver", fs::perms::owner_all);
  INFO(report);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  CHECK(report.rfind("failed\n", 0) == 0);
  CHECK(report.find("/models/silver cannot be read: Permission denied") != std::string::npos);
  CHECK(report.find("FLOE-D005") != std::string::npos);
  CHECK(report.find("model a\n") != std::string::npos);  // the rest is still read
}

TEST_CASE("a symlink loop is FLOE-D008, not a hang", "[dbt][symlink]") {
  TempDir tmp;
  project(tmp.path());
  // A folder linking to its parent, two links pointing at each other, and a
  // second way into a folder that is read anyway.
  fs::create_directory_symlink(tmp.path() / "models", tmp.path() / "models/again");
  fs::create_symlink(tmp.path() / "models/x.sql", tmp.path() / "models/y.sql");
  fs::create_symlink(tmp.path() / "models/y.sql", tmp.path() / "models/x.sql");
  write_file(tmp.path() / "models/sub/s.sql", "select 3\n");
  fs::create_directory_symlink(tmp.path() / "models/sub", tmp.path() / "models/also-sub");
  DbtProject p;
  Diagnostics diags;
  CHECK_FALSE(read(tmp.path(), p, diags));
  INFO(messages(diags));
  auto found = codes_of(diags);
  CHECK(std::count(found.begin(), found.end(), "FLOE-D008") == 4);
  CHECK(names(p) == std::vector<std::string>{"a", "s"});
  // A loop above the model path.
  TempDir looped;
  write_file(looped.path() / "dbt_project.yml", kProjectYml);
  fs::create_directory_symlink(looped.path() / "models-b", looped.path() / "models");
  fs::create_directory_symlink(looped.path() / "models", looped.path() / "models-b");
  Diagnostics d2;
  DbtProject p2;
  CHECK_FALSE(read(looped.path(), p2, d2));
  CHECK(codes_of(d2) == std::vector<std::string>{"FLOE-D008"});
}

TEST_CASE("project files that are FIFOs or too large are FLOE-D005, at once", "[dbt][fifo]") {
  TempDir tmp;
  project(tmp.path());
  REQUIRE(::mkfifo((tmp.path() / "models/pipe.sql").c_str(), 0600) == 0);
  write_file(tmp.path() / "models/huge.yml", std::string(floe::input_limits::kDbtFile + 1, ' '));
  DbtProject p;
  Diagnostics diags;
  CHECK_FALSE(read(tmp.path(), p, diags));
  INFO(messages(diags));
  CHECK(codes_of(diags) == std::vector<std::string>{"FLOE-D005", "FLOE-D005"});
  CHECK(messages(diags).find("huge.yml is larger than 16 MiB") != std::string::npos);
  CHECK(messages(diags).find("pipe.sql is not a regular file") != std::string::npos);

  TempDir fifo_yml;
  REQUIRE(::mkfifo((fifo_yml.path() / "dbt_project.yml").c_str(), 0600) == 0);
  Diagnostics d2;
  DbtProject p2;
  CHECK_FALSE(read(fifo_yml.path(), p2, d2));
  CHECK(codes_of(d2) == std::vector<std::string>{"FLOE-D005"});
}

TEST_CASE("a target/manifest.json that is a FIFO is refused and the files are read", "[dbt][fifo]") {
  TempDir tmp;
  project(tmp.path());
  fs::create_directories(tmp.path() / "target");
  REQUIRE(::mkfifo((tmp.path() / "target/manifest.json").c_str(), 0600) == 0);
  // Newer than every project file, so the reader would take it.
  auto later = fs::file_time_type::clock::now() + std::chrono::hours(1);
  fs::last_write_time(tmp.path() / "target/manifest.json", later);
  DbtProject p;
  Diagnostics diags;
  CHECK(read(tmp.path(), p, diags));
  INFO(messages(diags));
  CHECK(p.origin == "files");
  CHECK(codes_of(diags, floe::Severity::warning) == std::vector<std::string>{"FLOE-D003"});
  CHECK(messages(diags).find("is not a regular file") != std::string::npos);
  CHECK(names(p) == std::vector<std::string>{"a"});
}
