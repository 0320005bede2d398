// Secret references ("env:NAME", "file:/path"): how requests name a secret
// without carrying its value, and how a dbt profile refers to one.
#ifndef FLOE_COMPUTE_DUCKDB_SECRET_REFERENCE_HPP
#define FLOE_COMPUTE_DUCKDB_SECRET_REFERENCE_HPP

#include <optional>
#include <string>
#include <string_view>

namespace floe::compute_duckdb {

struct secret_reference {
  enum class source { environment, file };
  source from;
  // The environment variable name, or the absolute file path.
  std::string target;
  // The reference as written, e.g. "env:CATALOG_TOKEN".
  std::string text;
};

// The reference `text` names, or nullopt when it is not a well-formed
// reference (it may then be a secret value: never echo it).
std::optional<secret_reference> parse_secret_reference(std::string_view text);

// True for a portable environment variable name: [A-Za-z_][A-Za-z0-9_]*.
bool is_environment_variable_name(std::string_view name);

// The dbt Jinja expression that reads environment variable `name` when dbt
// loads profiles.yml: {{ env_var('NAME') }}.
std::string dbt_env_var(std::string_view name);

}  // namespace floe::compute_duckdb

#endif  // FLOE_COMPUTE_DUCKDB_SECRET_REFERENCE_HPP
