// Parsing JSON text with diagnostics that point at the line and column.
#pragma once

#include <boost/json/value.hpp>

#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace floe {

// Parses `text`; on failure the error says "<where>:<line>:<column>: <reason>".
// `where` names the source (a file path, "request", "config").
Result<boost::json::value> parse_json(std::string_view text, std::string_view where,
                                      floe_status code_on_error = FLOE_ERR_INVALID_ARGUMENT);

// Reads (base/input_file.hpp: a regular file of at most `max_bytes`, never
// blocking) and parses a JSON file. A missing file is FLOE_ERR_NOT_FOUND,
// one floe refuses to read FLOE_ERR_INVALID_ARGUMENT (input_problem() says
// why), other I/O problems FLOE_ERR_IO; bad JSON FLOE_ERR_INVALID_ARGUMENT.
// `listed_regular`: a directory listing has just shown a regular file at
// `path` (InputRules::listed_regular: one stat fewer).
Result<boost::json::value> read_json_file(const std::string& path, std::uint64_t max_bytes, bool listed_regular = false);

// boost::json::serialize, with every byte sequence that is not valid UTF-8
// replaced by U+FFFD. Strings floe reports come from user files, file names
// and plugins and may hold any bytes; Boost.JSON writes them through as they
// are, and a response that is not valid JSON breaks its reader (the CLI's
// own parse ended in "unexpected failure: syntax error" for a model file
// with a Latin-1 byte in a ref()).
std::string serialize_json(const boost::json::value& v);
// The repair serialize_json applies, for JSON text written another way.
std::string valid_utf8(std::string text);
// `s` as a JSON string literal, escaped exactly as boost::json::serialize
// escapes it (for text written member by member that must read the same).
void append_json_string(std::string& out, std::string_view s);

// Writing an object as text: `"key":` and `text` (already JSON), or the
// string `value` quoted, after a ',' unless the object was just opened
// (`out` ends with '{').
void append_json_member(std::string& out, std::string_view key, std::string_view text);
void append_json_string_member(std::string& out, std::string_view key, std::string_view value);
// `"key":` and `value` serialized straight into `out` (no string of its own
// first: a 100k-model validate's SARIF is ~75 MB).
void append_json_value_member(std::string& out, std::string_view key, const boost::json::value& value);

// A short human rendering of a JSON value's type ("string", "integer", ...).
const char* json_type_name(const boost::json::value& v);

}  // namespace floe

namespace floe {

// Indented JSON (2 spaces, keys in insertion order, trailing newline), for
// files people read (plugin manifests) and for human CLI output.
std::string pretty_json(const boost::json::value& v);

}  // namespace floe
