#include "observe/lineage/dataset_names.hpp"

#include <filesystem>
#include <vector>

#include "core/json_path.hpp"

namespace floe::observe {
namespace json = boost::json;

namespace {

const json::value* dbt_output(const json::object& artifacts) {
  std::string profile = string_at(artifacts, {"dbt", "profile_name"});
  std::string target = string_at(artifacts, {"dbt", "target"}, "floe");
  return find_path(artifacts, {"dbt_profiles", profile, "outputs", target});
}

// Splits a.b.c, honouring "quoted.parts" and `backticks`.
std::vector<std::string> relation_parts(std::string_view relation) {
  std::vector<std::string> parts(1);
  char quote = 0;
  for (char c : relation) {
    if (quote != 0) {
      if (c == quote) quote = 0;
      else parts.back().push_back(c);
    } else if (c == '"' || c == '`') {
      quote = c == '"' ? '"' : '`';
    } else if (c == '.') {
      parts.emplace_back();
    } else if (c != ' ') {
      parts.back().push_back(c);
    }
  }
  return parts;
}

}  // namespace

std::string compute_dataset_namespace(const json::object& artifacts, const std::string& dbt_dir) {
  const json::value* output = dbt_output(artifacts);
  if (output == nullptr) return {};
  std::string type = string_at(*output, {"type"});
  if (type.empty()) return {};
  if (type == "duckdb") {
    std::string path = string_at(*output, {"path"}, ":memory:");
    if (path == ":memory:" || path.find("://") != std::string::npos || path.starts_with("md:"))
      return "duckdb://" + path;
    std::filesystem::path file(path);
    if (file.is_relative()) file = std::filesystem::absolute(std::filesystem::path(dbt_dir) / file);
    return "duckdb://" + file.lexically_normal().string();
  }
  const json::value* port = find_path(*output, {"port"});
  if (std::string host = string_at(*output, {"host"}); !host.empty())
    return type + "://" + host + (port != nullptr && port->is_int64() ? ":" + std::to_string(port->as_int64()) : "");
  for (const char* key : {"account", "database"})
    if (std::string where = string_at(*output, {key}); !where.empty()) return type + "://" + where;
  return type;
}

std::string default_schema(const json::object& artifacts) {
  const json::value* output = dbt_output(artifacts);
  return output != nullptr ? string_at(*output, {"schema"}, "main") : "main";
}

std::string relation_dataset_name(std::string_view relation) {
  std::vector<std::string> parts = relation_parts(relation);
  if (parts.size() < 2 || parts.size() > 3) return {};
  for (const auto& p : parts)
    if (p.empty()) return {};
  return parts[parts.size() - 2] + "." + parts.back();
}

}  // namespace floe::observe
