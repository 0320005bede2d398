// Moving many small blobs at once. A registry answers each upload or
// download with tens of milliseconds of its own latency, so a 200-file
// platform goes several times faster with a few transfers in flight. Each
// worker thread gets its own target (its own connection and auth state);
// completions are reported on the calling thread, which keeps the C API's
// promise that progress callbacks run there.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>

#include "base/result.hpp"
#include "oci/content_target.hpp"

namespace floe::oci {

// A blob above this size moves alone on the calling thread, with progress;
// smaller ones go through run_parallel.
constexpr std::int64_t kLargeBlobBytes = 4 * 1024 * 1024;

struct ParallelWork {
  std::size_t count = 0;  // items 0..count-1
  int workers = 4;
  std::function<std::unique_ptr<ContentTarget>()> make_target;
  std::function<Result<Ok>(ContentTarget& target, std::size_t item)> work;  // on a worker thread
  std::function<void(std::size_t item)> on_done;                            // on the calling thread; may be empty
};

// Runs every item; stops handing out items after the first failure and
// returns that error (items already running finish first).
Result<Ok> run_parallel(const ParallelWork& job);

}  // namespace floe::oci
