// Every plugin the resolved platform selects, checked where the compile runs:
// an installed plugin is loaded and configured (its config validated against
// its own schema, with the manifest line of the value on error); one that is
// not installed here is a note naming the entry-point directory it belongs
// in (floe run, or the orchestrator's workers, need it later). The compute
// plugin is checked by the profile generation already.
#pragma once

#include "diag/compile_report.hpp"
#include "plugin/registry.hpp"
#include "resolve/resolved_platform.hpp"

namespace floe {

void check_selected_plugins(Registry& registry, const ResolvedPlatform& platform, const SourceLocation& fallback,
                            Stage& stage, Diagnostics& diagnostics);

}  // namespace floe
