// Keys the Python alpha's schema accepts that floe has no equivalent for
// (yet): each is reported as a FLOE-C090 note saying so and left out of the
// document, instead of failing as an unknown key (C101). Dropping is lossy by
// design; docs/configuration.md ("Formats floe reads") lists every key.
#pragma once

#include "config/located_document.hpp"
#include "diag/diagnostic.hpp"

namespace floe {

void drop_alpha_manifest_keys(LocatedDocument& doc, Diagnostics& diags);
void drop_alpha_product_keys(LocatedDocument& doc, Diagnostics& diags);

}  // namespace floe
