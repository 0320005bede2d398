// Shared by the libFuzzer targets: the invariants every parser of user input
// must keep besides not crashing. An uncaught exception is a crash too
// (libFuzzer reports the abort): in the CLI it would be "unexpected failure",
// which the team rules forbid for input errors.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "diag/diagnostic.hpp"

namespace floe::fuzz {

inline std::string_view text_of(const unsigned char* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

[[noreturn]] inline void fail(const std::string& what, const Diagnostic& d) {
  std::fprintf(stderr, "fuzz invariant broken: %s\n  %s\n", what.c_str(), format_diagnostic(d).c_str());
  std::abort();
}

// Every diagnostic is coded (FLOE-<letter><3 digits>) and names its file; a
// loader that reports failure has said why with at least one error.
inline void check_diagnostics(const Diagnostics& diags, bool ok) {
  for (const Diagnostic& d : diags.items()) {
    const std::string& c = d.code;
    const bool coded = c.size() == 9 && c.compare(0, 5, "FLOE-") == 0 && c[5] >= 'A' && c[5] <= 'Z' &&
                       c.find_first_not_of("0123456789", 6) == std::string::npos;
    if (!coded) fail("diagnostic without a FLOE-X000 code", d);
    if (d.where.file.empty()) fail("diagnostic without a file", d);
  }
  if (!ok && !diags.has_errors()) {
    std::fprintf(stderr, "fuzz invariant broken: the parser failed without an error diagnostic\n");
    std::abort();
  }
}

}  // namespace floe::fuzz
