#include "contract/data_check_sql.hpp"
#include "core/text.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <cctype>

namespace floe {
namespace {

namespace json = boost::json;

// Names go into Jinja strings and SQL: only plain identifiers do, so that
// neither needs quoting floe would have to get right for every engine
// (adapter.quote does the engine's quoting of the column itself).
bool plain_identifier(const std::string& s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  return true;
}

bool holds_jinja(const std::string& s) {
  return s.find("{{") != std::string::npos || s.find("{%") != std::string::npos || s.find("{#") != std::string::npos;
}

std::optional<std::string> literal(const json::value& v) {
  if (v.is_int64() || v.is_uint64() || v.is_double()) return json::serialize(v);
  if (v.is_bool()) return std::string(v.get_bool() ? "true" : "false");
  if (!v.is_string()) return std::nullopt;
  std::string s(v.get_string());
  if (holds_jinja(s)) return std::nullopt;
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "''";
    else out += c;
  }
  return out + "'";
}

std::string ref(const std::string& model) { return fmt::format("{{{{ ref('{}') }}}}", model); }
std::string quoted(const std::string& column) { return fmt::format("{{{{ adapter.quote('{}') }}}}", column); }

// Rows matching `predicate`: a count, or with unit percent a share of all rows.
std::string matching_rows(const DataCheck& c, const std::string& predicate) {
  if (c.percent)
    return fmt::format("select 100.0 * count(case when {} then 1 end) / nullif(count(*), 0) from {}", predicate,
                       ref(c.model));
  return fmt::format("select count(*) from {} where {}", ref(c.model), predicate);
}

}  // namespace

std::optional<std::string> check_expression(const DataCheck& c, std::string& why) {
  if (!plain_identifier(c.model)) {
    why = fmt::format("the model name '{}' is not a plain identifier", c.model);
    return std::nullopt;
  }
  std::vector<std::string> columns = c.columns;
  if (!c.column.empty()) columns.insert(columns.begin(), c.column);
  for (const auto& col : columns)
    if (!plain_identifier(col)) {
      why = fmt::format("the column name '{}' is not a plain identifier", col);
      return std::nullopt;
    }
  std::string col = c.column.empty() ? std::string() : quoted(c.column);
  std::vector<std::string> values;
  for (const auto& v : c.values) {
    auto lit = literal(v);
    if (!lit) {
      why = fmt::format("the value {} is not a plain string, number or boolean", json::serialize(v));
      return std::nullopt;
    }
    values.push_back(*lit);
  }
  std::string list = fmt::format("({})", fmt::join(values, ", "));
  std::string sql;
  if (c.kind == DataCheck::Kind::freshness) {
    if (c.column.empty()) {
      why = "a freshness SLA without a column is judged from the model's last build";
      return std::nullopt;
    }
    sql = fmt::format("select {{{{ dbt.datediff('max(' ~ adapter.quote('{}') ~ ')', dbt.current_timestamp(), "
                      "'second') }}}} from {}",
                      c.column, ref(c.model));
  } else if (c.kind == DataCheck::Kind::sql) {
    std::string q = c.query;
    while (!q.empty() && (std::isspace(static_cast<unsigned char>(q.back())) || q.back() == ';')) q.pop_back();
    // ODCS's placeholders, and datacontract-cli's
    for (const char* p : {"${table}", "${object}", "{model}", "{table}"}) q = replace_all(q, p, ref(c.model));
    if (!c.column.empty())
      for (const char* p : {"${column}", "${property}", "{column}"}) q = replace_all(q, p, col);
    sql = q;
  } else if (c.metric == "rowCount") {
    sql = fmt::format("select count(*) from {}", ref(c.model));
  } else if (c.metric == "nullValues") {
    sql = matching_rows(c, col + " is null");
  } else if (c.metric == "missingValues") {
    sql = matching_rows(c, values.empty() ? col + " is null" : fmt::format("{0} is null or {0} in {1}", col, list));
  } else if (c.metric == "invalidValues") {
    sql = matching_rows(c, fmt::format("{0} is not null and {0} not in {1}", col, list));
  } else if (c.metric == "duplicateValues") {
    std::vector<std::string> keys;
    for (const auto& k : columns) keys.push_back(quoted(k));
    std::string group = fmt::format("{}", fmt::join(keys, ", "));
    // Rows beyond the first of each value (nulls are no value: left out for one column).
    std::string dupes = fmt::format("select coalesce(sum(floe_n - 1), 0) from (select count(*) as floe_n from {}{} "
                                    "group by {}) floe_groups",
                                    ref(c.model), columns.size() == 1 ? " where " + keys[0] + " is not null" : "", group);
    sql = c.percent ? fmt::format("select 100.0 * ({}) / nullif(count(*), 0) from {}", dupes, ref(c.model)) : dupes;
  } else {
    why = fmt::format("metric '{}' is not one floe measures", c.metric);
    return std::nullopt;
  }
  return fmt::format("({})", sql);
}

std::string checks_query(const std::vector<std::pair<std::string, std::string>>& checks) {
  std::string out;
  for (const auto& [id, expression] : checks) {
    if (!out.empty()) out += "\nunion all\n";
    out += fmt::format("select '{}' as floe_check, cast({} as {{{{ dbt.type_float() }}}}) as floe_value", id,
                       expression);
  }
  return out;
}

}  // namespace floe
