// SARIF 2.1.0 (what code-scanning UIs read) for any diagnostics: config
// problems and enforcement findings alike.
#pragma once

#include <boost/json/value.hpp>

#include <string>

#include "diag/diagnostic.hpp"

namespace floe {

// One rule per code present; physical locations relative to `base_dir`.
boost::json::value diagnostics_to_sarif(const Diagnostics& diags, const std::string& base_dir,
                                        const std::string& tool_version);

}  // namespace floe
