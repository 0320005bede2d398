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
bool read_yaml_document(std::string_view text, const std::string& file, LocatedDocument& doc, Diagnostics& diags);

}  // namespace floe
