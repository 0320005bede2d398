// The JSON Schema subset floe uses for plugin configuration and for its own
// file formats (draft 2020-12 keywords: type, properties, required,
// additionalProperties, patternProperties, propertyNames, minProperties,
// maxProperties, enum, const, minimum, maximum, minLength, maxLength,
// pattern, items, minItems, maxItems, uniqueItems, oneOf, anyOf, $ref to
// "#/..." (usually "#/$defs/name"), $defs, default, description, title;
// and for the ODCS data contract schema, draft 2019-09's allOf, if/then/else,
// not, unevaluatedProperties, exclusiveMinimum/Maximum, multipleOf).
// Small on purpose: enough to give a precise error naming the key, without a
// general-purpose validator.
#pragma once

#include <boost/json/value.hpp>

#include <string>
#include <vector>

namespace floe {

// What kind of rule a value broke, so callers can map issues to their own
// stable codes without parsing messages.
enum class SchemaIssueKind {
  unknown_key,       // a key not declared by properties/patternProperties where additionalProperties is false
  missing_required,  // a required key is absent (path names the absent key)
  wrong_type,        // type mismatch (also: no oneOf/anyOf alternative has the value's type)
  not_in_enum,       // enum / const
  pattern,           // pattern, propertyNames pattern, "matches several oneOf alternatives"
  range,             // minimum/maximum, minLength/maxLength
  items,             // minItems/maxItems/uniqueItems, minProperties/maxProperties
};

struct SchemaIssue {
  std::string path;     // "threads", "settings.memory_limit", "extensions[2]"; "" for the root
  std::string message;  // "expected integer, got string"
  SchemaIssueKind kind = SchemaIssueKind::wrong_type;
  // What would have been accepted, for people: "integer", "one of \"a\", \"b\"",
  // ">= 1". For pattern mismatches the schema's "title" when it has one
  // (so a schema can say "a semantic version such as 1.2.3" instead of a regex).
  std::string expected;
  // The offending value as JSON (its type name for objects and arrays); the
  // key for issues about a key. "" for missing keys.
  std::string actual;
  // unknown_key: the key names allowed at that place; not_in_enum: the allowed
  // values (strings unquoted). For did-you-mean hints.
  std::vector<std::string> allowed;
  bool on_key = false;  // the key itself is the problem (unknown key, propertyNames), not its value
};

// Every way `value` violates `schema`.
std::vector<SchemaIssue> validate_against_schema(const boost::json::value& schema, const boost::json::value& value);

// The same for a schema inside a larger document (e.g. one of its $defs),
// whose "$ref"s resolve against `root`: no copy of the document is made.
std::vector<SchemaIssue> validate_against_schema(const boost::json::value& root, const boost::json::value& schema,
                                                 const boost::json::value& value);

// Fills in "default" values for absent object properties, recursively.
void apply_schema_defaults(const boost::json::value& schema, boost::json::value& value);

// Problems with the schema itself (unknown keywords, unknown type names,
// required keys not in properties, defaults that violate their schema,
// $ref that do not resolve, invalid regular expressions).
std::vector<std::string> check_schema(const boost::json::value& schema);

}  // namespace floe
