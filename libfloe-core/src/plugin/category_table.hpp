// What the host knows about each plugin category: its name, entry-point
// directory, method table layout. Generated data (category_tables.inc) from
// libfloe-core/abi/categories.py, so the headers and the host cannot drift.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "floe/plugin.h"

namespace floe {

struct MethodInfo {
  const char* name;
  size_t offset;   // of the floe_method slot in the category's table
  bool required;
};

struct CategoryInfo {
  floe_category id;
  const char* name;        // "compute"
  const char* group;       // "floe.computes"
  size_t table_size;       // sizeof(struct floe_compute_v1) in this host
  std::vector<MethodInfo> methods;
};

const std::vector<CategoryInfo>& all_categories();
const CategoryInfo* category_by_id(floe_category id);
const CategoryInfo* category_by_name(std::string_view name);
const CategoryInfo* category_by_group(std::string_view group);
const MethodInfo* find_method(const CategoryInfo& category, std::string_view name);

// The function in `method`'s slot of a plugin's table, or nullptr when the
// slot is NULL or lies beyond the table's struct_size (an older plugin).
floe_method method_slot(const void* table, const MethodInfo& method);

// Comma-separated category names, for "expected one of ..." messages.
std::string category_names();

}  // namespace floe
