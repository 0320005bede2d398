// A code point as UTF-8: what the YAML reader's escapes (\u, \U) and the
// Iceberg bounds' incremented characters are written with.
#pragma once

#include <string>

namespace floe::base {

// Appends `code_point` (at most U+10FFFF; the caller has checked) as 1-4
// bytes of UTF-8.
void append_utf8(std::string& out, unsigned long code_point);

}  // namespace floe::base
