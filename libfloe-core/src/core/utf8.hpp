// UTF-8 validity of text floe reads from users: a configuration file that is
// not UTF-8 would otherwise travel into JSON artifacts that are not valid
// JSON (RFC 8259 requires UTF-8).
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace floe {

// Where the first byte that does not start a well-formed UTF-8 sequence is
// (overlong forms, surrogates and code points above U+10FFFF are not well
// formed), or nullopt when all of `text` is UTF-8.
struct Utf8Error {
  std::size_t offset;      // of the offending byte in `text`
  unsigned char byte;      // its value
  std::size_t line;        // 1-based
  std::size_t column;      // 1-based, in bytes
};
std::optional<Utf8Error> first_invalid_utf8(std::string_view text);

}  // namespace floe
