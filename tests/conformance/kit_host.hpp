// The host table floe-conformance hands a plugin when it calls init itself:
// host-owned errors and buffers, logging to stderr with --verbose, only the
// floe.version setting and env: secrets; events to stderr with --verbose, never
// a cancellation. Part of floe-conformance.
#pragma once

#include "floe/plugin.h"

namespace floe::conformance {

extern const floe_host_api kKitHost;

// Plugin log lines go to stderr when set (off by default).
void set_verbose(bool verbose);
bool verbose();

}  // namespace floe::conformance
