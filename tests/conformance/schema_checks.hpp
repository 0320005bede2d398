// Checks of a plugin's config schema against the JSON Schema subset
// floe/plugin.h documents. Independent of the registry's own validator on
// purpose: the kit checks the plugin, and the host too. Part of
// floe-conformance.
#pragma once

#include "report.hpp"

namespace floe::conformance {

// `schema_text` is descriptor.config_schema_json (NULL: no configuration).
void check_config_schema(Report& report, const char* schema_text);

}  // namespace floe::conformance
