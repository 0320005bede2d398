// The plugin ABI checked directly, as a host of this (or another) ABI version
// would use it: dlopen, the init handshake and the bytes it writes, the
// descriptor and the method table. Part of floe-conformance.
#pragma once

#include <string>

#include "categories.hpp"
#include "report.hpp"

namespace floe::conformance {

struct RawPlugin {
  void* library = nullptr;
  floe_plugin_init_fn init = nullptr;
  floe_plugin plugin{};  // from an init as this host (kit_host.hpp)
  bool ok = false;       // usable for direct calls
};

// Loads `library`, runs init as an older host, a host of the next major and
// this host, and checks what the plugin hands back. The library stays loaded.
RawPlugin raw_load(Report& report, const Category& category, const std::string& name, const std::string& library,
                   const std::string& entrypoint);

}  // namespace floe::conformance
