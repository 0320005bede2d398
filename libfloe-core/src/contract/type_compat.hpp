// Whether a dbt model's column type (from its YAML `data_type` or dbt's
// catalog.json) keeps a contract's promise. Types are compared as ODCS
// logical types: a contract saying `number` accepts an INTEGER column, one
// saying `integer` does not accept a DOUBLE (values the consumers cannot take).
#pragma once

#include <string>
#include <string_view>

namespace floe {

// The ODCS logicalType a SQL type is: "VARCHAR(36)" -> string, "DECIMAL(12,2)"
// -> number, "BIGINT" -> integer, "TIMESTAMP WITH TIME ZONE" -> timestamp;
// "" when floe does not know the type.
std::string logical_type_of(std::string_view sql_type);

// True when a column of logical type `actual` may stand where the contract
// promises `promised` (same type, or integer where number is promised).
bool logical_type_satisfies(const std::string& actual, const std::string& promised);

// True when `to` takes fewer values than `from` (a consumer of `from` breaks):
// number -> integer, anything -> a different family.
bool logical_type_narrows(const std::string& from, const std::string& to);

}  // namespace floe
