#include "connection_check.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <system_error>

namespace floe::compute_duckdb {
namespace {

namespace fs = std::filesystem;

// A DuckDB database file starts with an 8-byte checksum followed by the
// magic bytes "DUCK" (checked against files written by DuckDB 1.4 and 2.0).
constexpr std::size_t magic_offset = 8;
constexpr std::string_view magic = "DUCK";

struct verdict {
  connection_status status;
  std::string message;
};

std::string quoted(const fs::path& path) { return "'" + path.string() + "'"; }

std::string errno_text(int error_number) { return std::generic_category().message(error_number); }

// 0 when the process may create files in `directory`, else the errno.
int directory_write_error(const fs::path& directory) {
  return ::access(directory.c_str(), W_OK | X_OK) == 0 ? 0 : errno;
}

// Closes the descriptor on every path out of check_existing_file. Closing any
// descriptor of a file drops the POSIX locks this process holds on it; the
// host never opens DuckDB databases itself, so there are none to lose.
struct file_descriptor {
  int fd;
  ~file_descriptor() {
    if (fd >= 0) ::close(fd);
  }
};

verdict check_new_file(const duckdb_config& config, const fs::path& path) {
  if (config.read_only())
    return {connection_status::unhealthy,
            quoted(path) + " does not exist, and settings.access_mode read_only cannot create it"};
  fs::path directory = path.parent_path();
  std::error_code ec;
  auto status = fs::status(directory, ec);
  if (!fs::exists(status))
    return {connection_status::unhealthy,
            "directory " + quoted(directory) + " does not exist; DuckDB does not create directories"};
  if (!fs::is_directory(status))
    return {connection_status::unhealthy, quoted(directory) + " is not a directory"};
  if (int error = directory_write_error(directory))
    return {connection_status::unhealthy, "directory " + quoted(directory) + " is not writable (" + errno_text(error) +
                                              "); DuckDB must create the database and its write-ahead log there"};
  return {connection_status::healthy, quoted(path) + " does not exist yet; DuckDB will create it on first connection in " +
                                          quoted(directory) + ", which is writable"};
}

verdict check_existing_file(const duckdb_config& config, const fs::path& path, connection_report& report) {
  file_descriptor file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (int error = file.fd < 0 ? errno : 0)
    return {connection_status::unhealthy, quoted(path) + " cannot be read: " + errno_text(error)};

  std::array<char, magic_offset + magic.size()> header{};
  ssize_t got = ::pread(file.fd, header.data(), header.size(), 0);
  if (int error = got < 0 ? errno : 0)
    return {connection_status::unhealthy, quoted(path) + " cannot be read: " + errno_text(error)};
  if (got == 0)
    return {connection_status::unhealthy,
            quoted(path) + " is empty, which DuckDB refuses to open; remove it to let DuckDB create a new database"};
  if (static_cast<std::size_t>(got) < header.size() ||
      std::string_view(header.data() + magic_offset, magic.size()) != magic)
    return {connection_status::unhealthy,
            quoted(path) + " is not a DuckDB database file (no \"DUCK\" magic at byte 8)"};

  // DuckDB locks the whole file with fcntl: a write lock when it opens the
  // database read-write, a read lock when read-only. F_GETLK asks whether
  // the lock dbt's DuckDB would take is free, without taking it.
  struct flock lock {};
  lock.l_type = static_cast<short>(config.read_only() ? F_RDLCK : F_WRLCK);
  lock.l_whence = SEEK_SET;
  if (int error = ::fcntl(file.fd, F_GETLK, &lock) != 0 ? errno : 0) {
    report.warnings.push_back("could not test the database lock: " + errno_text(error));
  } else if (lock.l_type != F_UNLCK) {
    std::string holder = "process " + std::to_string(lock.l_pid);
    return {connection_status::unhealthy,
            config.read_only()
                ? quoted(path) + " is open for writing by " + holder + ", so DuckDB cannot open it read-only"
                : quoted(path) + " is open in " + holder +
                      "; DuckDB lets only one process open a database for writing"};
  }

  if (config.read_only())
    return {connection_status::healthy, quoted(path) +
                                            " is a DuckDB database file, readable and not open for writing by another "
                                            "process"};
  if (int error = ::access(path.c_str(), W_OK) != 0 ? errno : 0)
    return {connection_status::unhealthy, quoted(path) + " is not writable (" + errno_text(error) +
                                              "); set settings.access_mode to read_only to open it read-only"};
  if (int error = directory_write_error(path.parent_path()))
    return {connection_status::unhealthy, "directory " + quoted(path.parent_path()) + " is not writable (" +
                                              errno_text(error) +
                                              "); DuckDB writes its write-ahead log beside the database"};
  std::error_code ec;
  if (fs::exists(fs::path(path.string() + ".wal"), ec))
    report.warnings.push_back(path.filename().string() +
                              ".wal exists: the last writer has not checkpointed (or is still running); DuckDB "
                              "replays it when the database is opened");
  return {connection_status::healthy,
          quoted(path) + " is a DuckDB database file, readable, writable and not open in another process"};
}

verdict check_database(const duckdb_config& config, const fs::path& path, connection_report& report) {
  std::error_code ec;
  auto status = fs::status(path, ec);
  // ENOTDIR: a parent is a file; check_new_file says which.
  if (ec && ec != std::errc::no_such_file_or_directory && ec != std::errc::not_a_directory)
    return {connection_status::unhealthy, "cannot inspect " + quoted(path) + ": " + ec.message()};
  if (!fs::exists(status)) return check_new_file(config, path);
  if (!fs::is_regular_file(status))
    return {connection_status::unhealthy, quoted(path) + " exists but is not a regular file"};
  return check_existing_file(config, path, report);
}

}  // namespace

std::string_view to_string(connection_status status) {
  switch (status) {
    case connection_status::healthy: return "healthy";
    case connection_status::degraded: return "degraded";
    case connection_status::unhealthy: return "unhealthy";
  }
  return "unhealthy";
}

connection_report check_connection(const duckdb_config& config, const fs::path& base_directory,
                                   std::chrono::milliseconds budget) {
  auto started = std::chrono::steady_clock::now();
  connection_report report;
  verdict result;
  if (config.in_memory()) {
    report.database = config.path;
    result = {connection_status::healthy,
              "in-memory database: nothing to reach; DuckDB creates it when dbt connects"};
  } else if (is_remote_path(config.path)) {
    report.database = config.path;
    result = {connection_status::degraded,
              "'" + config.path + "' is not a local file and was not checked: reaching it needs DuckDB and the network"};
  } else {
    fs::path path = fs::path(config.path).is_absolute() ? fs::path(config.path) : base_directory / config.path;
    path = path.lexically_normal();
    report.database = path.string();
    result = check_database(config, path, report);
  }

  if (!config.extensions.empty()) {
    std::string names;
    for (const auto& name : config.extensions) names += (names.empty() ? "" : ", ") + name;
    report.warnings.push_back("extensions " + names +
                              " are installed by DuckDB from its extension repository when dbt connects; "
                              "their availability was not checked");
  }

  report.latency_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  if (report.latency_ms > static_cast<double>(budget.count())) {
    report.warnings.push_back("the checks took " + std::to_string(static_cast<long long>(report.latency_ms)) +
                              " ms, more than the " + std::to_string(budget.count()) + " ms allowed");
    if (result.status == connection_status::healthy) result.status = connection_status::degraded;
  }
  report.status = result.status;
  report.message = std::move(result.message);
  return report;
}

boost::json::object to_validate_response(const connection_report& report) {
  return {{"status", to_string(report.status)},
          {"latency_ms", report.latency_ms},
          {"message", report.message},
          {"warnings", boost::json::array(report.warnings.begin(), report.warnings.end())}};
}

boost::json::object to_health_response(const connection_report& report) {
  return {{"state", to_string(report.status)},
          {"message", report.message},
          {"details",
           {{"database", report.database},
            {"latency_ms", report.latency_ms},
            {"warnings", boost::json::array(report.warnings.begin(), report.warnings.end())}}}};
}

}  // namespace floe::compute_duckdb
