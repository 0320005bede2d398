// The overall deadline of one operation (`floe ... --timeout SECONDS`, the
// requests' "deadline_ms"): the C API entry points install it for the
// calling thread, and whatever may wait checks it - reading input files
// (base/input_file.hpp), registry requests (each bounded by the time left),
// lock waits, a run's steps. A check that finds it passed returns
// deadline_error() and records that the deadline stopped something; the
// entry point then reports FLOE-L001 (outcome timed_out, exit 124).
//
// Without a scope nothing is bounded and every check is free. Worker threads
// do not inherit the deadline by themselves: capture current_deadline() and
// open a DeadlineScope with it in the worker.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "base/result.hpp"

namespace floe {

struct DeadlineState {
  std::chrono::steady_clock::time_point at;
  std::int64_t limit_ms = 0;         // as given, for messages ("--timeout 5 s")
  std::atomic<bool> stopped{false};  // a check found it passed
};

using DeadlineHandle = std::shared_ptr<DeadlineState>;

// A new deadline `limit_ms` from now.
DeadlineHandle make_deadline(std::int64_t limit_ms);

// The calling thread's deadline (null: none).
DeadlineHandle current_deadline();

// Installs `deadline` for the calling thread until the scope ends (the
// previous one comes back).
class DeadlineScope {
 public:
  explicit DeadlineScope(DeadlineHandle deadline);
  ~DeadlineScope();
  DeadlineScope(const DeadlineScope&) = delete;
  DeadlineScope& operator=(const DeadlineScope&) = delete;

 private:
  DeadlineHandle previous_;
};

// True when the calling thread has a deadline and it has passed (and records
// that it stopped something).
bool deadline_passed();
// The same for a deadline held explicitly (a callback that may run on
// another thread, such as a run's cancel check); false for null.
bool deadline_passed(const DeadlineHandle& deadline);

// Time left before the deadline (zero once passed); nullopt without one.
std::optional<std::chrono::milliseconds> time_left();

// FLOE_ERR_TIMEOUT with detail {"kind": "deadline", "limit_ms": N}: "the
// operation's deadline (N s) passed while <doing>".
Error deadline_error(const std::string& doing);

// True for an error deadline_error() made.
bool is_deadline_error(const Error& e);

// Whether the calling thread's deadline stopped something (a check found it
// passed); false without a deadline.
bool deadline_stopped_something();

// "5 s", "1.5 s": the limit as people read it.
std::string describe_limit(std::int64_t limit_ms);

}  // namespace floe
