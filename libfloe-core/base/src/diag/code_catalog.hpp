// What each diagnostic code means, from the one table (codes.def): for
// reports that describe their rules (SARIF tool.driver.rules) and for the
// outcome (exit code) a run ends with.
#pragma once

#include <string_view>

#include "diag/outcome.hpp"

namespace floe {

// How a code is usually reported: `policy` codes are errors or warnings by
// the governance level / block_on_failure (docs/enforcement.md).
enum class SeverityClass { error, warning, note, policy };

struct CodeInfo {
  const char* code;         // "FLOE-E201"
  const char* name;         // PascalCase rule name: "NamingConventionViolation"
  Outcome outcome;          // what an error of this code makes the run's outcome
  SeverityClass severity;
  const char* description;  // one sentence: "Model name does not follow the naming convention."
  const char* document;     // the file that lists it: "docs/enforcement.md"
};

// nullptr for a code floe does not declare (a plugin's own code, say).
const CodeInfo* describe_code(std::string_view code);

// Every declared code, in the table's order.
const CodeInfo* code_table_begin();
const CodeInfo* code_table_end();

}  // namespace floe
