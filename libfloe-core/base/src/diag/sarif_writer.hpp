// SARIF 2.1.0 (what code-scanning UIs read) for any diagnostics: config
// problems and enforcement findings alike.
#pragma once

#include <string>

#include "diag/diagnostic.hpp"

namespace floe {

// The SARIF log as JSON text (what boost::json::serialize writes: compact,
// members in a fixed order), written directly: a 100k-model project's
// 92,000 results as a DOM were most of `--format sarif`'s extra memory and
// time. One rule per code present; physical locations relative to
// `base_dir`. Strings are written as they are (valid_utf8 repairs them where
// the text is handed out).
std::string diagnostics_to_sarif_text(const Diagnostics& diags, const std::string& base_dir,
                                      const std::string& tool_version);

}  // namespace floe
