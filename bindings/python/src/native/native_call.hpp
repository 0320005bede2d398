// What every binding does around one C API call: caller-owned buffer and
// error holders, and the one shape a call's outcome takes on the Python side.
#pragma once

#include <optional>
#include <string>
#include <tuple>

#include "floe/core.h"

namespace floe::python {

struct Buffer {
  floe_buffer raw = FLOE_BUFFER_INIT;
  Buffer() = default;
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  ~Buffer() { floe_buffer_release(&raw); }
};

struct Error {
  floe_error raw = FLOE_ERROR_INIT;
  Error() = default;
  Error(const Error&) = delete;
  Error& operator=(const Error&) = delete;
  ~Error() { floe_error_release(&raw); }
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

}  // namespace floe::python
