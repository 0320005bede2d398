// RAII holders for the C API's caller-owned structs, and the one way CLI
// commands report a failed library call.
#pragma once

#include <boost/json/parse.hpp>

#include <stdexcept>
#include <string>
#include <string_view>

#include "floe/floe.h"
#include "output_arena.hpp"

namespace floe::cli {

struct Buffer {
  floe_buffer raw = FLOE_BUFFER_INIT;
  Buffer() = default;
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  ~Buffer() { floe_buffer_release(&raw); }
  std::string_view view() const { return raw.data != nullptr ? std::string_view(raw.data, raw.length) : std::string_view(); }
};

struct Error {
  floe_error raw = FLOE_ERROR_INIT;
  Error() = default;
  Error(const Error&) = delete;
  Error& operator=(const Error&) = delete;
  ~Error() { floe_error_release(&raw); }
  std::string message() const { return raw.message != nullptr ? raw.message : ""; }
};

// Thrown by commands; main() prints it and exits with the mapped code.
class CommandFailure : public std::runtime_error {
 public:
  CommandFailure(int exit_code, const std::string& message) : std::runtime_error(message), exit_code_(exit_code) {}
  int exit_code() const { return exit_code_; }

 private:
  int exit_code_;
};

// A report or result the library wrote, parsed into output_arena().
inline boost::json::value parse_output(const Buffer& b) { return boost::json::parse(b.view(), output_arena()); }

// Throws CommandFailure for a non-OK status, with the library's message.
void check(floe_status status, const Error& error);

}  // namespace floe::cli
