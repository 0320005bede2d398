// The spellings the design documents (the seeds) use, read as floe's
// current model: ADR-0016 writes `metadata.scope`, ADR-0038 gives plugins as
// bare type names (`compute: snowflake`) and selects one observability
// backend with `plugins.observability`. These are accepted shorthand, not
// legacy formats: bare plugin names expand silently; the two that move a
// value elsewhere say where with a FLOE-C090 note.
#pragma once

#include "config/located_document.hpp"
#include "diag/diagnostic.hpp"

namespace floe {

// metadata.scope -> scope (both given and different: FLOE-C108);
// plugins.<category>: name -> plugins.<category>: {type: name};
// plugins.observability -> plugins.telemetry_backend and, for backends that
// receive OpenLineage events, plugins.lineage_backend.
void translate_seed_manifest(LocatedDocument& doc, Diagnostics& diags);

// ADR-0038 prints products as `platform: {ref: ...}` alone: a product with no
// `transforms` whose directory holds a dbt_project.yml runs that project,
// `transforms: [{type: dbt, path: .}]` (with none, "missing transforms" stands).
void translate_seed_product(LocatedDocument& doc);

}  // namespace floe
