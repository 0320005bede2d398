#include "secret_reference.hpp"

#include <algorithm>
#include <cctype>

namespace floe::compute_duckdb {

bool is_environment_variable_name(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name.front()))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::optional<secret_reference> parse_secret_reference(std::string_view text) {
  constexpr std::string_view env_prefix = "env:";
  constexpr std::string_view file_prefix = "file:";
  if (text.starts_with(env_prefix)) {
    std::string_view name = text.substr(env_prefix.size());
    if (!is_environment_variable_name(name)) return std::nullopt;
    return secret_reference{secret_reference::source::environment, std::string(name), std::string(text)};
  }
  if (text.starts_with(file_prefix)) {
    std::string_view path = text.substr(file_prefix.size());
    if (path.size() < 2 || path.front() != '/') return std::nullopt;
    return secret_reference{secret_reference::source::file, std::string(path), std::string(text)};
  }
  return std::nullopt;
}

std::string dbt_env_var(std::string_view name) { return "{{ env_var('" + std::string(name) + "') }}"; }

}  // namespace floe::compute_duckdb
