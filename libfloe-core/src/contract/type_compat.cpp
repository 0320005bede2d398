#include "contract/type_compat.hpp"

#include <cctype>

namespace floe {

std::string logical_type_of(std::string_view sql_type) {
  std::string t;
  for (char c : sql_type) {
    if (c == '(' || c == '<' || c == '[') break;
    t += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  while (!t.empty() && t.back() == ' ') t.pop_back();
  auto starts = [&](std::string_view p) { return t.rfind(p, 0) == 0; };
  if (t == "INTEGER" || t == "INT" || t == "BIGINT" || t == "SMALLINT" || t == "TINYINT" || t == "HUGEINT" ||
      t == "UBIGINT" || t == "UINTEGER" || t == "USMALLINT" || t == "UTINYINT" || t == "INT2" || t == "INT4" ||
      t == "INT8" || t == "INT64" || t == "INT32" || t == "LONG" || t == "INTEGER64")
    return "integer";
  if (t == "DECIMAL" || t == "NUMERIC" || t == "DOUBLE" || t == "DOUBLE PRECISION" || t == "FLOAT" || t == "FLOAT4" ||
      t == "FLOAT8" || t == "FLOAT64" || t == "REAL" || t == "NUMBER" || t == "BIGNUMERIC")
    return "number";
  if (starts("VARCHAR") || starts("CHAR") || t == "TEXT" || t == "STRING" || t == "UUID" || t == "BPCHAR" ||
      starts("CHARACTER") || t == "NVARCHAR")
    return "string";
  if (t == "BOOLEAN" || t == "BOOL" || t == "LOGICAL") return "boolean";
  if (t == "DATE") return "date";
  if (starts("TIMESTAMP") || t == "DATETIME" || t == "TIMESTAMPTZ") return "timestamp";
  if (starts("TIME")) return "time";
  if (starts("STRUCT") || t == "MAP" || t == "JSON" || t == "OBJECT") return "object";
  if (t == "LIST" || t == "ARRAY") return "array";
  return {};
}

bool logical_type_satisfies(const std::string& actual, const std::string& promised) {
  if (actual.empty() || promised.empty()) return true;  // nothing to hold it to
  return actual == promised || (promised == "number" && actual == "integer");
}

bool logical_type_narrows(const std::string& from, const std::string& to) {
  if (from.empty() || to.empty() || from == to) return false;
  return !(from == "integer" && to == "number");  // widening integer -> number keeps every value
}

}  // namespace floe
