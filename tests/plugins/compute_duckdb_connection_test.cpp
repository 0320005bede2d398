// compute-duckdb: connection checks against real files, directories and
// locks (no DuckDB needed: the checks are the file-system preconditions
// DuckDB itself fails on).
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include "connection_check.hpp"
#include "temp_dir.hpp"

using namespace floe::compute_duckdb;
using floe::test::TempDir;
using floe::test::write_file;
namespace fs = std::filesystem;

namespace {

constexpr std::chrono::milliseconds generous{60'000};

duckdb_config config_for(const std::string& path, const char* access_mode = nullptr) {
  boost::json::object object{{"path", path}};
  if (access_mode != nullptr) object["settings"] = {{"access_mode", access_mode}};
  return parse_duckdb_config(object);
}

// The first bytes of a DuckDB database file: an 8-byte checksum, then the
// magic "DUCK" (see the dbt test, which checks this against real DuckDB).
void write_duckdb_header(const fs::path& path) {
  write_file(path, std::string("\xbf\x48\xb6\x00\xdc\x80\x89\xdb", 8) + "DUCK" + std::string(4084, '\0'));
}

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

// A child process holding an fcntl lock on a file, as DuckDB does while a
// database is open; released when the object goes out of scope.
class LockHolder {
 public:
  LockHolder(const fs::path& path, short type) {
    int ready[2];
    REQUIRE(::pipe(ready) == 0);
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      int fd = ::open(path.c_str(), type == F_WRLCK ? O_RDWR : O_RDONLY);
      struct flock lock {};
      lock.l_type = type;
      lock.l_whence = SEEK_SET;
      char ok = (fd >= 0 && ::fcntl(fd, F_SETLK, &lock) == 0) ? 'y' : 'n';
      (void)!::write(ready[1], &ok, 1);
      ::pause();
      ::_exit(0);
    }
    ::close(ready[1]);
    char ok = 'n';
    REQUIRE(::read(ready[0], &ok, 1) == 1);
    ::close(ready[0]);
    REQUIRE(ok == 'y');
  }
  ~LockHolder() {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  LockHolder(const LockHolder&) = delete;
  LockHolder& operator=(const LockHolder&) = delete;
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
};

}  // namespace

TEST_CASE("compute-duckdb connection: in-memory databases are always reachable") {
  auto report = check_connection(config_for(":memory:"), "/nonexistent", generous);
  CHECK(report.status == connection_status::healthy);
  CHECK(report.database == ":memory:");
  CHECK(contains(report.message, "in-memory"));
  CHECK(report.warnings.empty());
  CHECK(report.latency_ms >= 0);
}

TEST_CASE("compute-duckdb connection: a new database file in a writable directory") {
  TempDir dir;
  auto path = dir.path() / "warehouse.duckdb";
  auto report = check_connection(config_for(path.string()), "/", generous);
  CHECK(report.status == connection_status::healthy);
  CHECK(contains(report.message, "does not exist yet"));
  CHECK_FALSE(fs::exists(path));  // the check creates nothing
}

TEST_CASE("compute-duckdb connection: a relative path is resolved against the project directory") {
  TempDir dir;
  fs::create_directory(dir.path() / "data");
  write_duckdb_header(dir.path() / "data/warehouse.duckdb");
  auto report = check_connection(config_for("data/warehouse.duckdb"), dir.path(), generous);
  CHECK(report.status == connection_status::healthy);
  CHECK(report.database == (dir.path() / "data/warehouse.duckdb").string());
}

TEST_CASE("compute-duckdb connection: a missing directory is unhealthy and not created") {
  TempDir dir;
  auto report = check_connection(config_for((dir.path() / "missing/warehouse.duckdb").string()), "/", generous);
  CHECK(report.status == connection_status::unhealthy);
  CHECK(contains(report.message, "does not exist; DuckDB does not create directories"));
  CHECK_FALSE(fs::exists(dir.path() / "missing"));

  write_file(dir.path() / "file", "x");
  auto under_file = check_connection(config_for((dir.path() / "file/warehouse.duckdb").string()), "/", generous);
  CHECK(under_file.status == connection_status::unhealthy);
  CHECK(contains(under_file.message, "is not a directory"));
}

TEST_CASE("compute-duckdb connection: an existing DuckDB file") {
  TempDir dir;
  auto path = dir.path() / "warehouse.duckdb";
  write_duckdb_header(path);
  auto report = check_connection(config_for(path.string()), "/", generous);
  CHECK(report.status == connection_status::healthy);
  CHECK(contains(report.message, "is a DuckDB database file"));
  CHECK(report.warnings.empty());

  write_file(dir.path() / "warehouse.duckdb.wal", "wal");
  auto with_wal = check_connection(config_for(path.string()), "/", generous);
  CHECK(with_wal.status == connection_status::healthy);
  REQUIRE(with_wal.warnings.size() == 1);
  CHECK(contains(with_wal.warnings[0], "warehouse.duckdb.wal exists"));
}

TEST_CASE("compute-duckdb connection: files that are not DuckDB databases") {
  TempDir dir;
  write_file(dir.path() / "notes.duckdb", "these are notes, not a database");
  auto text = check_connection(config_for((dir.path() / "notes.duckdb").string()), "/", generous);
  CHECK(text.status == connection_status::unhealthy);
  CHECK(contains(text.message, "is not a DuckDB database file"));

  write_file(dir.path() / "short.duckdb", "DUCK");
  CHECK(check_connection(config_for((dir.path() / "short.duckdb").string()), "/", generous).status ==
        connection_status::unhealthy);

  write_file(dir.path() / "empty.duckdb", "");
  auto empty = check_connection(config_for((dir.path() / "empty.duckdb").string()), "/", generous);
  CHECK(empty.status == connection_status::unhealthy);
  CHECK(contains(empty.message, "is empty"));

  fs::create_directory(dir.path() / "folder.duckdb");
  auto folder = check_connection(config_for((dir.path() / "folder.duckdb").string()), "/", generous);
  CHECK(folder.status == connection_status::unhealthy);
  CHECK(contains(folder.message, "not a regular file"));
}

TEST_CASE("compute-duckdb connection: read-only access") {
  TempDir dir;
  auto path = dir.path() / "warehouse.duckdb";
  auto missing = check_connection(config_for(path.string(), "read_only"), "/", generous);
  CHECK(missing.status == connection_status::unhealthy);
  CHECK(contains(missing.message, "read_only cannot create it"));

  write_duckdb_header(path);
  auto present = check_connection(config_for(path.string(), "read_only"), "/", generous);
  CHECK(present.status == connection_status::healthy);
}

// Runs `checks` (a bitmask of failed checks, 0 = all held) as the
// unprivileged user nobody when the test runs as root, as CI does: root
// passes every permission check, so the checks run in a child process that
// gave root up. No Catch2 assertion is made in the child.
template <class Checks>
int failed_checks_unprivileged(const fs::path& tree, Checks checks) {
  if (::geteuid() != 0) return checks();
  constexpr uid_t kNobody = 65534;
  for (const auto& entry : fs::recursive_directory_iterator(tree))
    if (::lchown(entry.path().c_str(), kNobody, kNobody) != 0) return -1;
  if (::lchown(tree.c_str(), kNobody, kNobody) != 0) return -1;
  pid_t pid = ::fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    if (::setgroups(0, nullptr) != 0 || ::setgid(kNobody) != 0 || ::setuid(kNobody) != 0) ::_exit(255);
    ::_exit(checks());
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST_CASE("compute-duckdb connection: permissions") {
  TempDir dir;
  auto path = dir.path() / "warehouse.duckdb";
  write_duckdb_header(path);
  fs::permissions(path, fs::perms::owner_read);
  fs::create_directory(dir.path() / "locked");
  fs::permissions(dir.path() / "locked", fs::perms::owner_read | fs::perms::owner_exec);
  int failed = failed_checks_unprivileged(dir.path(), [&] {
    int bits = 0;
    auto read_only_file = check_connection(config_for(path.string()), "/", generous);
    if (read_only_file.status != connection_status::unhealthy || !contains(read_only_file.message, "is not writable"))
      bits |= 1;
    if (check_connection(config_for(path.string(), "read_only"), "/", generous).status != connection_status::healthy)
      bits |= 2;
    auto locked_dir = check_connection(config_for((dir.path() / "locked/new.duckdb").string()), "/", generous);
    if (locked_dir.status != connection_status::unhealthy) bits |= 4;
    return bits;
  });
  // 1: a read-only file was found writable; 2: read_only mode refused a
  // readable file; 4: a file in a locked directory was found creatable;
  // -1: the unprivileged child could not be set up.
  CHECK(failed == 0);
  fs::permissions(dir.path() / "locked", fs::perms::owner_all);
}

TEST_CASE("compute-duckdb connection: a database another process has open") {
  TempDir dir;
  auto path = dir.path() / "warehouse.duckdb";
  write_duckdb_header(path);

  SECTION("for writing: nobody else can open it") {
    LockHolder writer(path, F_WRLCK);
    auto report = check_connection(config_for(path.string()), "/", generous);
    CHECK(report.status == connection_status::unhealthy);
    CHECK(contains(report.message, "is open in process " + std::to_string(writer.pid())));
    auto reader = check_connection(config_for(path.string(), "read_only"), "/", generous);
    CHECK(reader.status == connection_status::unhealthy);
    CHECK(contains(reader.message, "is open for writing by process"));
  }
  SECTION("read-only: other readers may join, writers may not") {
    LockHolder reader(path, F_RDLCK);
    CHECK(check_connection(config_for(path.string(), "read_only"), "/", generous).status == connection_status::healthy);
    CHECK(check_connection(config_for(path.string()), "/", generous).status == connection_status::unhealthy);
  }
}

TEST_CASE("compute-duckdb connection: what is not checked is said") {
  auto remote = check_connection(config_for("md:analytics"), "/", generous);
  CHECK(remote.status == connection_status::degraded);
  CHECK(contains(remote.message, "was not checked"));

  auto config = parse_duckdb_config({{"extensions", {"spatial", "json"}}});
  auto with_extensions = check_connection(config, "/", generous);
  CHECK(with_extensions.status == connection_status::healthy);
  REQUIRE(with_extensions.warnings.size() == 1);
  CHECK(contains(with_extensions.warnings[0], "extensions json, spatial are installed"));
}

TEST_CASE("compute-duckdb connection: checks slower than the budget degrade the report") {
  auto report = check_connection(config_for(":memory:"), "/", std::chrono::milliseconds(0));
  CHECK(report.status == connection_status::degraded);
  REQUIRE(report.warnings.size() == 1);
  CHECK(contains(report.warnings[0], "ms allowed"));
}

TEST_CASE("compute-duckdb connection: response shapes") {
  connection_report report{connection_status::degraded, 1.5, "message", {"w"}, "/db.duckdb"};
  CHECK(boost::json::serialize(to_validate_response(report)) ==
        R"({"status":"degraded","latency_ms":1.5E0,"message":"message","warnings":["w"]})");
  CHECK(boost::json::serialize(to_health_response(report)) ==
        R"({"state":"degraded","message":"message","details":{"database":"/db.duckdb","latency_ms":1.5E0,"warnings":["w"]}})");
}
