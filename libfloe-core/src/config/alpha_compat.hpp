// The Python alpha's file formats, normalised into floe's current model
// before validation, each translation reported as a FLOE-C090 note at the
// place it happened (so people can update their files at leisure). Values
// keep their original source locations under their new paths.
#pragma once

#include "config/located_document.hpp"
#include "diag/diagnostic.hpp"

namespace floe {

// governance.naming -> data_architecture.naming / data_architecture.pattern;
// plugins.<cat>.connection_secret_ref -> plugins.<cat>.secrets.connection;
// plugins.quality {provider, ...} -> {type, config: {...}};
// observability.tracing -> observability.traces.
void translate_alpha_manifest(LocatedDocument& doc, Diagnostics& diags);

// kind FloeSpec -> DataProduct; platform.manifest -> platform.ref; named
// transforms -> one dbt transform declaring them as models; outputPorts ->
// output_ports.
void translate_alpha_product(LocatedDocument& doc, Diagnostics& diags);

}  // namespace floe
