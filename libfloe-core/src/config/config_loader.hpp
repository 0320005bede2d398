// Loading floe's two file kinds: manifest.yaml (kind Manifest, every tier)
// and floe.yaml (kind DataProduct). Strict: every problem in the file is
// reported in one pass (YAML syntax, schema, per-file semantic rules), each
// with file:line:column, a stable code, the expected value and a fix hint.
// The Python alpha's formats (kind FloeSpec, governance.naming, ...) are
// normalised into the same model, with a note saying what was translated.
#pragma once

#include <string>
#include <string_view>

#include "config/located_document.hpp"
#include "diag/diagnostic.hpp"

namespace floe {

// compiled_artifacts is what `floe compile` writes (only its schema lives here).
enum class DocumentKind { manifest, data_product, compiled_artifacts };

// Reads and checks `path` as `kind`. Returns false when `diags` gained an
// error; `out` is still filled as far as the file could be read. Defaults
// are NOT applied: resolution must know what a tier set explicitly.
bool load_manifest(const std::string& path, LocatedDocument& out, Diagnostics& diags);
bool load_data_product(const std::string& path, LocatedDocument& out, Diagnostics& diags);

// Same, from text already in memory (`file` names it in diagnostics).
bool load_manifest_text(std::string_view text, const std::string& file, LocatedDocument& out, Diagnostics& diags);
bool load_data_product_text(std::string_view text, const std::string& file, LocatedDocument& out,
                            Diagnostics& diags);

// The JSON Schema (draft 2020-12) of a file kind, as shipped in docs/schemas/.
std::string_view document_schema(DocumentKind kind);

}  // namespace floe
