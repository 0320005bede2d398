// The JSON Schema subset floe uses for plugin configuration (draft 2020-12
// keywords: type, properties, required, additionalProperties, enum, const,
// minimum, maximum, minLength, maxLength, pattern, items, minItems, maxItems,
// default, description, title). Small on purpose: enough to give a precise
// error naming the key, without a general-purpose validator.
#pragma once

#include <boost/json/value.hpp>

#include <string>
#include <vector>

namespace floe {

struct SchemaIssue {
  std::string path;     // "threads", "settings.memory_limit", "extensions[2]"; "" for the root
  std::string message;  // "expected integer, got string"
};

// Every way `value` violates `schema`.
std::vector<SchemaIssue> validate_against_schema(const boost::json::value& schema, const boost::json::value& value);

// Fills in "default" values for absent object properties, recursively.
void apply_schema_defaults(const boost::json::value& schema, boost::json::value& value);

// Problems with the schema itself (unknown keywords, unknown type names,
// required keys not in properties, defaults that violate their schema).
std::vector<std::string> check_schema(const boost::json::value& schema);

}  // namespace floe
