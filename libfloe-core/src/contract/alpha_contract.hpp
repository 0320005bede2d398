// The Python alpha's data contract dialect (its demo/datacontract.yaml says
// apiVersion v3.1.0 but writes `columns:`, an `slaProperties` mapping, a
// string description, top-level quality/terms/links/contacts/owner and a
// customProperties mapping), rewritten into ODCS v3 before validation. Each
// rewrite is a FLOE-C090 note at the line the user wrote, like the alpha's
// floe.yaml formats (config/alpha_compat.hpp); values keep their locations.
#pragma once

#include "config/located_document.hpp"
#include "diag/diagnostic.hpp"

namespace floe {

void translate_alpha_contract(LocatedDocument& doc, Diagnostics& diags);

}  // namespace floe
