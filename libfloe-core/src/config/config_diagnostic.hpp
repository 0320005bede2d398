// Building config diagnostics: every stage of loading (YAML reading, alpha
// translation, per-file rules, schema mapping) reports the same way, located
// at a key path of a LocatedDocument.
#pragma once

#include <string>

#include "config/located_document.hpp"
#include "diag/diagnostic.hpp"

namespace floe {

// Whether a diagnostic points at the key of `path` ("verison:") or at its value.
enum class Anchor { key, value };

// A diagnostic of category "config" about `path` (its subject), located at
// the key or value of `path` in `doc`.
Diagnostic config_diagnostic(const LocatedDocument& doc, Severity severity, std::string code,
                             const std::string& path, Anchor anchor, std::string message, std::string expected = {},
                             std::string hint = {});

// Adds config_diagnostic(doc, Severity::error, ...) to `diags`.
void add_config_error(const LocatedDocument& doc, Diagnostics& diags, const char* code, const std::string& path,
                      Anchor anchor, std::string message, std::string expected, std::string hint);

}  // namespace floe
