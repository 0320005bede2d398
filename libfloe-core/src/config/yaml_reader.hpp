// Reading YAML text into a LocatedDocument: typed values (YAML 1.2 core
// schema) plus the file:line:column of every value and every key.
#pragma once

#include <string>
#include <string_view>

#include "config/located_document.hpp"
#include "diag/diagnostic.hpp"

namespace floe {

// Fills `doc` (file, root, locations) from `text`. Reports FLOE-C002 (YAML
// syntax error, more than one document, runaway alias expansion), FLOE-C004
// (nothing but comments/whitespace, or a null document) and FLOE-C005
// (a key repeated in one mapping: the first one is kept). Returns false when
// no document could be read at all (C002 syntax, C004); duplicate keys still
// leave a usable document.
//
// Files inside the common YAML subset (base/fast_yaml.hpp: block and one-line
// flow collections, one-line scalars, block scalars, comments) are read by the
// fast parser; anything else (anchors, tags, several documents, duplicate
// keys, syntax errors, ...) by yaml-cpp, so every diagnostic is yaml-cpp's.
bool read_yaml_document(std::string_view text, const std::string& file, LocatedDocument& doc, Diagnostics& diags);

// The same, always through yaml-cpp: the fallback, and the reference the fast
// path is tested against.
bool read_yaml_document_with_yaml_cpp(std::string_view text, const std::string& file, LocatedDocument& doc,
                                      Diagnostics& diags);

}  // namespace floe
