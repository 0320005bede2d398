// What each stable diagnostic code means, for reports that describe their
// rules (SARIF tool.driver.rules). The codes are defined in
// docs/enforcement.md and the config/inheritance docs.
#pragma once

#include <string>

namespace floe {

struct CodeInfo {
  const char* name;         // PascalCase rule name: "NamingConventionViolation"
  const char* description;  // one sentence: "Model name does not follow the naming convention."
};

// nullptr for a code floe does not know (a plugin's own code, say).
const CodeInfo* describe_code(const std::string& code);

}  // namespace floe
