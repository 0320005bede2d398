// The text `floe migrate` writes: a loaded (translated) document as YAML in
// canonical key order, with what survives of the source's comments. yaml-cpp
// drops comments when it parses, so they are taken from the source text:
// the leading comment block, and each comment block written at column 0
// directly above a top-level key that keeps its name. Comments inside
// sections, at the end of lines, or above keys that were translated away
// are lost (docs/cli.md, floe migrate).
#pragma once

#include <boost/json/value.hpp>

#include <string>
#include <string_view>

namespace floe {

// `v` with object keys in the order `schema` (a JSON Schema with $defs)
// lists its properties (apiVersion, kind, metadata, ... for floe's files);
// keys the schema does not list follow in their own order.
boost::json::value in_schema_order(const boost::json::value& v, const boost::json::value& schema);

// The file: source comments, then `doc` (plain scalars where YAML reads
// them back unchanged), a blank line between top-level sections.
std::string render_migrated_yaml(const boost::json::value& doc, const boost::json::value& schema,
                                 std::string_view source_text);

}  // namespace floe
