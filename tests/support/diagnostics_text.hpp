// Diagnostics as the text a failing assertion shows: one formatted
// diagnostic per line, so a test's message says everything that was found.
#pragma once

#include <string>

#include "diag/diagnostic.hpp"

namespace floe::test {

inline std::string diagnostics_text(const floe::Diagnostics& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics.items()) out += floe::format_diagnostic(d) + "\n";
  return out;
}

}  // namespace floe::test
