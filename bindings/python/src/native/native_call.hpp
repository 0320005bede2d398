// What every binding does around one C API call: caller-owned buffer and
// error holders, and the one shape a call's outcome takes on the Python side.
#pragma once

#include <optional>
#include <string>
#include <tuple>

#include "floe/core.h"
#include "gil.hpp"

namespace floe::python {

struct Buffer {
  floe_buffer raw = FLOE_BUFFER_INIT;
  Buffer() = default;
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  // The release callback itself, not floe_buffer_release: floe._iceberg links
  // libfloe-iceberg only (floe/iceberg.h allows either).
  ~Buffer() {
    if (raw.release != nullptr) raw.release(&raw);
  }
};

struct Error {
  floe_error raw = FLOE_ERROR_INIT;
  Error() = default;
  Error(const Error&) = delete;
  Error& operator=(const Error&) = delete;
  ~Error() {
    if (raw.release != nullptr) raw.release(&raw);
  }
};

// (status, output JSON or None, error message or None, error detail JSON or
// None). The Python layer turns a non-zero status into a FloeError subclass;
// keeping the raw parts here means no diagnostic is lost on the way.
using Outcome = std::tuple<int, std::optional<std::string>, std::optional<std::string>, std::optional<std::string>>;

inline std::optional<std::string> text_of(const char* s) {
  return s != nullptr ? std::optional<std::string>(s) : std::nullopt;
}

inline Outcome outcome_of(floe_status status, const Buffer& out, const Error& error) {
  std::optional<std::string> output;
  if (out.raw.data != nullptr) output.emplace(out.raw.data, out.raw.length);
  return {status, std::move(output), text_of(error.raw.message), text_of(error.raw.detail_json)};
}

// Runs call(out, error), one library call, with the GIL released.
template <typename Call>
Outcome call_unlocked(Call&& call) {
  Buffer out;
  Error error;
  floe_status status;
  {
    GilReleased unlocked;
    status = call(out, error);
  }
  return outcome_of(status, out, error);
}

}  // namespace floe::python
