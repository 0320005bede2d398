// dbt's error output made short enough for a person and a diagnostic.
#pragma once

#include <string>
#include <vector>

namespace floe::dbt_common {

// What dbt's error lines say: without the traceback dbt-core appends, the
// backtrace Fusion appends or a JVM adapter's Java stack frames, without
// dbt-core's "Encountered an error:" preamble, at most a few distinct
// lines, latest last.
std::string error_summary(const std::vector<std::string>& messages);

// `text` without trailing newlines, spaces and carriage returns.
std::string trim_end(std::string text);

}  // namespace floe::dbt_common
