// The rules of manifest.yaml that a JSON Schema cannot express (FLOE-C201..
// C214): scope-dependent keys, secret values, regex safety, dates, bounds.
// Run on the translated document before schema validation; every rule
// tolerates values of the wrong type (the schema reports those).
#pragma once

#include "config/located_document.hpp"
#include "diag/diagnostic.hpp"

namespace floe {

void check_manifest_rules(const LocatedDocument& doc, Diagnostics& diags);

}  // namespace floe
