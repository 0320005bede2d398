// The plugin categories as the generated headers define them, and how to read
// a method table's slots. Part of floe-conformance.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "floe/floe.h"

namespace floe::conformance {

struct Category {
  const char* name;
  const char* group;  // the entry-point directory, e.g. "floe.computes"
  floe_category id;
  size_t table_size;  // sizeof the v1 method table
  uint32_t table_version;
  size_t method_count;
};

// NULL when `name` (`id`) is no category.
const Category* category_by_name(std::string_view name);
const Category* category_by_id(floe_category id);
// Every category name, ", "-separated.
std::string category_names();

// Every method table is FLOE_METHOD_TABLE_HEADER followed by floe_method
// slots in ABI order.
struct TablePrefix {
  FLOE_METHOD_TABLE_HEADER;
  floe_method first;
};
inline constexpr size_t kFirstSlot = offsetof(TablePrefix, first);

// Slot `index` of a method table (read without assuming its C type).
floe_method slot(const void* table, size_t index);

// "1.2.3" for FLOE_MAKE_VERSION(1, 2, 3).
std::string version_text(uint32_t version);

}  // namespace floe::conformance
