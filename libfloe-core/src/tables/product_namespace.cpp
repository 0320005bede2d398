#include "tables/product_namespace.hpp"

#include "core/json_path.hpp"

namespace floe::tables {

std::string product_namespace(const boost::json::object& artifacts) {
  std::string product = string_at(artifacts, {"product", "name"});
  std::string domain = string_at(artifacts, {"product", "domain"});
  bool mesh = string_at(artifacts, {"inheritance", "mode"}) == "3-tier";
  return mesh && !domain.empty() ? domain + "." + product : product;
}

bool table_in_namespace(const std::string& table, const std::string& namespace_name) {
  if (namespace_name.empty() || table.size() <= namespace_name.size() + 1) return false;
  if (table.compare(0, namespace_name.size(), namespace_name) != 0 || table[namespace_name.size()] != '.') return false;
  return table.find('.', namespace_name.size() + 1) == std::string::npos;
}

}  // namespace floe::tables
