// floe's built-in defaults for values no tier set, recorded with provenance
// "default" so `floe explain` shows they were not chosen by anyone.
#pragma once

#include "resolve/resolved_platform.hpp"

namespace floe {

void apply_platform_defaults(ResolvedPlatform& p);

}  // namespace floe
