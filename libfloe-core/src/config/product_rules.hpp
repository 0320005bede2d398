// The rules of floe.yaml that a JSON Schema cannot express (FLOE-C301..
// C307): no endpoints or credentials, valid schedules, unique names,
// supported transforms, merge keys, SLA durations. Run on the translated
// document before schema validation; every rule tolerates values of the
// wrong type (the schema reports those).
#pragma once

#include "config/located_document.hpp"
#include "diag/diagnostic.hpp"

namespace floe {

void check_product_rules(const LocatedDocument& doc, Diagnostics& diags);

}  // namespace floe
