// The table files a catalog plugin reads, writes and deletes itself (the
// manifests of commit_data_files, the files expire_snapshots frees) go
// through the storage's FileIO, as the host passes it: the storage plugin's
// get_fileio_config answer, secret properties as references the plugin
// resolves through the host only when it needs them.
#pragma once

#include <boost/json/object.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "floe/plugin.hpp"
#include "s3_objects.hpp"

namespace floe::catalog_rest {

// The store's round trips, not the CPU, are the cost of a table's files:
// this many at a time (RestCatalog is safe to use from several threads).
constexpr std::size_t kFileIoParallel = 8;
constexpr std::chrono::milliseconds kFileIoTimeout{30000};
// A manifest list or manifest larger than this is not read (Iceberg's
// writers roll manifests at 8 MiB).
constexpr std::size_t kMaxManifestBytes = std::size_t{64} << 20;

struct FileIo {
  plugin_support::S3Endpoint endpoint;
  std::optional<plugin_support::sigv4_credentials> credentials;

  // The object's bytes; throws std::runtime_error naming the object (never
  // a credential) when it cannot be read.
  std::string read(const std::string& uri) const;
};

// A JSON object of strings; INVALID_ARGUMENT naming `what` otherwise.
std::map<std::string, std::string> strings_of(const boost::json::object& object, const char* what);

// The request's `file_io` object as a FileIo (INVALID_ARGUMENT when it is
// missing or malformed, NOT_FOUND for a secret the host cannot resolve).
FileIo file_io(const boost::json::object& request, const floe::sdk::host& host);

// Runs job(i) for i in [0, n), kFileIoParallel at a time. Each job catches
// what it throws: an exception leaving a thread would end the process.
template <class Job>
void on_threads(std::size_t n, Job&& job) {
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < n; i = next++) job(i);
  };
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < std::min(kFileIoParallel, n); ++t) threads.emplace_back(worker);
  for (auto& t : threads) t.join();
}

}  // namespace floe::catalog_rest
