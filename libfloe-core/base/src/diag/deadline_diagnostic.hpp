// FLOE-L001, said one way wherever an operation's deadline (`--timeout`,
// a request's deadline_ms; base/deadline.hpp) stopped it: by the C API's
// entry points for every operation, and by a run, whose record must say it
// too.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <string>

#include "base/deadline.hpp"
#include "diag/codes.hpp"
#include "diag/diagnostic.hpp"

namespace floe {

inline Diagnostic deadline_diagnostic(std::int64_t limit_ms, const std::string& file = {}) {
  return make_diagnostic(
      codes::L001, "limits",
      fmt::format("stopped: the operation's deadline ({}) passed before it finished; what it had not done yet was not "
                  "done",
                  describe_limit(limit_ms)),
      SourceLocation{file, 0, 0}, {},
      "raise --timeout (the request's deadline_ms), or find out what was slow: the other diagnostics say what was "
      "in progress");
}

}  // namespace floe
