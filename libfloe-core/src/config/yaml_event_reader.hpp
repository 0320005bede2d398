// Reading a YAML document through yaml-cpp's parse events, without yaml-cpp's
// node graph: what files outside the fast subset (base/fast_yaml.hpp) take.
//
// yaml-cpp's YAML::Load keeps a node graph of about 49x the file (a 10 MB
// ODCS contract with one anchor: 513 MB); built from the events, a document
// costs what the fast path's does: its JSON values, its locations and a copy
// of each anchored value (docs/performance.md#reading-large-contracts).
#pragma once

#include <cstddef>
#include <string_view>

#include "base/yaml_expansion.hpp"
#include "config/located_document.hpp"
#include "diag/diagnostic.hpp"

namespace floe {

// Aliases let a small file expand into a huge tree ("billion laughs", cut
// off at kMaxYamlValues), and yaml-cpp accepts an anchor that refers to
// itself (cut off by depth).
inline constexpr int kMaxYamlDepth = 200;

// Converts the first document of `text` into doc.root and doc.locations (of
// doc.file), as yaml-cpp would load it: quoted and block scalars (tag "!")
// and !!str are strings, other scalars resolve by the YAML 1.2 core schema,
// an alias is a copy of its anchor's value with its locations. Adds FLOE-C005
// for a repeated key (the first is kept) and FLOE-C002 for a key that is not
// a scalar. Returns false, with a FLOE-C002, when the document nests deeper
// than kMaxYamlDepth or expands to more than kMaxYamlValues values (then the
// document is unusable). A syntax error throws yaml-cpp's YAML::Exception,
// and no diagnostic is added then.
bool convert_yaml_events(std::string_view text, LocatedDocument& doc, Diagnostics& diags);

}  // namespace floe
