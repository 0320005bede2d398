// Pieces of DuckDB SQL text built from configuration and request values.
#ifndef FLOE_COMPUTE_DUCKDB_SQL_TEXT_HPP
#define FLOE_COMPUTE_DUCKDB_SQL_TEXT_HPP

#include <string>
#include <string_view>

namespace floe::compute_duckdb {

// True for a name that may appear unquoted in DuckDB SQL (and that
// dbt-duckdb interpolates unquoted): ASCII letters, digits and _, not
// starting with a digit.
bool is_sql_identifier(std::string_view text);

// `text` as a single-quoted SQL string literal.
std::string sql_string_literal(std::string_view text);

}  // namespace floe::compute_duckdb

#endif  // FLOE_COMPUTE_DUCKDB_SQL_TEXT_HPP
