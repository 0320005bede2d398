// Strict reading of request objects: unknown keys are refused, and every
// message names the key (with its path) that is wrong.
#ifndef FLOE_INGESTION_DLT_REQUEST_CHECKS_HPP
#define FLOE_INGESTION_DLT_REQUEST_CHECKS_HPP

#include <boost/json.hpp>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace floe::ingestion_dlt {

// Throws FLOE_ERR_INVALID_ARGUMENT "key '<where><key>': <why>".
[[noreturn]] void invalid(std::string_view where, std::string_view key, std::string_view why);

// `value` as an object, or throws naming `where` (e.g. "source_config").
const boost::json::object& object_at(const boost::json::value& value, std::string_view where);

// Refuses a key of `object` that is not in `accepted`; `where` is the path
// prefix of its keys ("" at the top, "source_config." below).
void refuse_unknown_keys(const boost::json::object& object, std::string_view where,
                         std::initializer_list<std::string_view> accepted);

std::optional<std::string> optional_text(const boost::json::object& object, std::string_view where,
                                         std::string_view key);
std::string required_text(const boost::json::object& object, std::string_view where, std::string_view key);

// One of `choices`, or throws listing them.
std::string choice(const std::string& value, std::string_view where, std::string_view key,
                   std::initializer_list<std::string_view> choices);

// True for a lower-case SQL-safe name: [a-z_][a-z0-9_]*, at most 63 bytes
// (names dlt keeps as they are, and DuckDB and Postgres take unquoted).
bool is_plain_name(std::string_view name);

// An absolute path without NUL bytes, or throws.
std::string absolute_path(const boost::json::object& object, std::string_view where, std::string_view key,
                          bool required);

}  // namespace floe::ingestion_dlt

#endif  // FLOE_INGESTION_DLT_REQUEST_CHECKS_HPP
