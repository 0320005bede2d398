// A small scanner over a dbt model's Jinja/SQL text that finds what floe's
// enforcement needs without rendering Jinja: ref() and source() calls (with
// their line:column) and the literal arguments of {{ config(...) }}.
//
// It skips Jinja comments {# #} (dbt never renders them), SQL comments
// (-- and /* */) and {% raw %} blocks. Only literal arguments are understood;
// ref(var('x')) or config(materialized=var('m')) are ignored. Jinja control
// flow is not evaluated: a ref() in either branch of an {% if %} is recorded.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace floe::dbt {

struct ScannedRef {
  std::string package;  // "" for the one-argument form
  std::string name;
  std::string version;  // v= / version= argument as text, "" if none
  int line = 0;
  int column = 0;
};

struct ScannedSource {
  std::string source_name;
  std::string table_name;
  int line = 0;
  int column = 0;
};

struct ScannedConfig {
  std::optional<std::string> materialized;
  std::vector<std::string> tags;             // config(tags='a') or tags=['a', 'b']
  std::optional<bool> enabled;
  std::map<std::string, std::string> meta;   // flat key -> JSON text of the value
};

struct SqlPosition {
  int line = 0;
  int column = 0;
};

// Literal arguments nested deeper than this are not read (FLOE-D006); real
// config() arguments nest two or three levels (meta={'a': [1]}).
inline constexpr int kSqlLiteralDepthLimit = 100;

struct SqlScan {
  std::vector<ScannedRef> refs;
  std::vector<ScannedSource> sources;
  ScannedConfig config;
  int first_line = 1;  // the first token outside comments (where a diagnostic about the model points)
  int first_column = 1;
  // Set where a literal argument first nested past kSqlLiteralDepthLimit
  // levels; that argument is then ignored as an expression would be.
  std::optional<SqlPosition> too_deep;
};

SqlScan scan_model_sql(std::string_view text);

}  // namespace floe::dbt
