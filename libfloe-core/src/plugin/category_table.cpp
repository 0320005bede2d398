#include "plugin/category_table.hpp"

#include <cstring>
#include <string>

#include "floe/categories.h"

namespace floe {

const std::vector<CategoryInfo>& all_categories() {
  static const std::vector<CategoryInfo> table = {
#include "plugin/category_tables.inc"
  };
  return table;
}

const CategoryInfo* category_by_id(floe_category id) {
  for (const auto& c : all_categories())
    if (c.id == id) return &c;
  return nullptr;
}

const CategoryInfo* category_by_name(std::string_view name) {
  for (const auto& c : all_categories())
    if (name == c.name) return &c;
  return nullptr;
}

const CategoryInfo* category_by_group(std::string_view group) {
  for (const auto& c : all_categories())
    if (group == c.group) return &c;
  return nullptr;
}

const MethodInfo* find_method(const CategoryInfo& category, std::string_view name) {
  for (const auto& m : category.methods)
    if (name == m.name) return &m;
  return nullptr;
}

floe_method method_slot(const void* table, const MethodInfo& method) {
  if (table == nullptr) return nullptr;
  uint32_t size = 0;
  std::memcpy(&size, table, sizeof size);  // every table starts with struct_size
  if (method.offset + sizeof(floe_method) > size) return nullptr;
  floe_method fn = nullptr;
  std::memcpy(&fn, static_cast<const char*>(table) + method.offset, sizeof fn);
  return fn;
}

std::string category_names() {
  std::string out;
  for (const auto& c : all_categories()) {
    if (!out.empty()) out += ", ";
    out += c.name;
  }
  return out;
}

}  // namespace floe
