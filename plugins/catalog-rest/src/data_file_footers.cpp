#include "data_file_footers.hpp"

#include <exception>

#include "floe/plugin.hpp"
#include "iceberg/column_metrics.hpp"
#include "iceberg/error.hpp"
#include "iceberg/parquet_footer.hpp"

namespace floe::catalog_rest {
namespace {

using floe::sdk::error;

// Enough for the footer of a table of a few hundred columns in one read.
constexpr std::size_t kFirstTail = std::size_t{64} << 10;

// The footer's bytes and the file's size: one ranged read, two when the
// footer is larger than the first. A store that cannot be read throws
// UNAVAILABLE; a file that is not Parquet, iceberg::Error.
std::string footer_bytes(const std::string& table, const iceberg::DataFile& file, const FileIo& io, int64_t& size) {
  auto read_tail = [&](std::size_t n) {
    plugin_support::S3Object tail =
        plugin_support::get_s3_object_tail(io.endpoint, io.credentials, file.path, kFileIoTimeout, n, size);
    if (!tail.problem.empty()) throw error(FLOE_ERR_UNAVAILABLE, table + ": " + tail.problem + "; no table changed");
    return std::move(tail.bytes);
  };
  std::string tail = read_tail(kFirstTail);
  int64_t length = iceberg::parquet_footer_length(tail, file.path);
  auto needed = static_cast<uint64_t>(length) + 8;
  if (needed + 4 > static_cast<uint64_t>(size))  // the leading magic number, the footer and its length
    iceberg::throw_malformed_file("read Parquet footer", file.path, "the footer is longer than the file");
  if (needed > kMaxFooterBytes)
    iceberg::throw_malformed_file("read Parquet footer", file.path,
                                  "the footer (" + std::to_string(length) + " bytes) is larger than 16 MiB");
  if (needed > tail.size()) tail = read_tail(needed);
  return tail.substr(tail.size() - needed, static_cast<std::size_t>(length));
}

}  // namespace

void read_footer(const std::string& table, const iceberg::Schema* schema, iceberg::DataFile& file, const FileIo& io) {
  int64_t size = -1;
  iceberg::ParquetFooter footer;
  try {
    footer = iceberg::parse_parquet_footer(footer_bytes(table, file, io, size), file.path);
  } catch (const iceberg::Error& e) {
    throw error(FLOE_ERR_INVALID_ARGUMENT,
                table + ": the data file is not a Parquet file floe can read (" + e.what() + "); no table changed");
  }
  // What the request left out (-1) is the file's own; what it gave must be.
  if (file.record_count < 0) file.record_count = footer.num_rows;
  if (file.file_size_in_bytes < 0) file.file_size_in_bytes = size;
  if (footer.num_rows != file.record_count || size != file.file_size_in_bytes)
    throw error(FLOE_ERR_INVALID_ARGUMENT,
                table + ": the data file " + file.path + " has " + std::to_string(footer.num_rows) + " rows and " +
                    std::to_string(size) + " bytes; the request says " + std::to_string(file.record_count) +
                    " rows and " + std::to_string(file.file_size_in_bytes) + " bytes; no table changed");
  if (schema != nullptr) file.metrics = iceberg::column_metrics(footer, *schema);
}

void read_all_footers(const std::vector<std::string>& tables, const std::vector<const iceberg::Schema*>& schemas,
                      std::vector<std::vector<iceberg::DataFile>*>& files, const std::vector<FileIo>& ios) {
  // One job per file, so that one table's many files read in parallel too.
  struct Job {
    std::size_t table;
    std::size_t file;
  };
  std::vector<Job> jobs;
  for (std::size_t t = 0; t < tables.size(); ++t)
    for (std::size_t f = 0; f < files[t]->size(); ++f) jobs.push_back({t, f});
  std::vector<std::exception_ptr> errors(jobs.size());
  on_threads(jobs.size(), [&](std::size_t i) {
    try {  // each job has a file of its own
      read_footer(tables[jobs[i].table], schemas[jobs[i].table], (*files[jobs[i].table])[jobs[i].file],
                  ios[jobs[i].table]);
    } catch (...) {
      errors[i] = std::current_exception();
    }
  });
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
}

}  // namespace floe::catalog_rest
