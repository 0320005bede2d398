// The manifest beside a plugin (what `floe plugins list` shows without
// loading it) against the descriptor the loaded plugin hands back: they must
// say the same, or listing, composition checks and the loaded plugin
// disagree. `floe plugins manifest` writes a true one. Part of
// floe-conformance.
#pragma once

#include <boost/json/object.hpp>

#include "floe/plugin.h"
#include "report.hpp"

namespace floe::conformance {

// `manifest` is the plugin's entry of floe_registry_list (the manifest's
// name, category, version, abi_version, description, capabilities,
// requirements). One check per field: "manifest.<field>".
void check_manifest_matches(Report& report, const boost::json::object& manifest, const floe_plugin_descriptor& d);

}  // namespace floe::conformance
