#include "compile/product_namespace.hpp"

namespace floe {

std::string product_namespace(const std::string& product, const std::string& domain, bool mesh) {
  return mesh && !domain.empty() ? domain + "." + product : product;
}

bool table_in_namespace(const std::string& table, const std::string& namespace_name) {
  auto dot = table.rfind('.');
  if (dot == std::string::npos || dot + 1 == table.size()) return false;
  return namespace_is_products(table.substr(0, dot), namespace_name);
}

bool namespace_is_products(const std::string& schema, const std::string& namespace_name) {
  if (namespace_name.empty() || schema.compare(0, namespace_name.size(), namespace_name) != 0) return false;
  if (schema.size() == namespace_name.size()) return true;
  return schema[namespace_name.size()] == '_' && schema.size() > namespace_name.size() + 1 &&
         schema.find('.', namespace_name.size()) == std::string::npos;
}

}  // namespace floe
