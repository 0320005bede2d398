// YAML 1.2 core-schema resolution of plain (unquoted) scalars: what a YAML
// 1.2 reader must turn "true", "~", "0x1F" or "1e3" into. yaml-cpp leaves
// every scalar as text; floe's documents need typed JSON values so that the
// schema can say "expected integer, got string".
#pragma once

#include <boost/json/value.hpp>

#include <string_view>

namespace floe {

// null (""/~/null/Null/NULL), bool (true/True/TRUE/false/...), int (decimal,
// 0o octal, 0x hex), float (decimal, exponent, .inf, .nan); anything else
// stays a string. Note "yes", "on" and "2024-01-01" are strings in YAML 1.2.
boost::json::value resolve_plain_scalar(std::string_view text);

}  // namespace floe
