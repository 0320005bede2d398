#include <catch2/catch.hpp>

#include <set>

#include "floe/categories.h"
#include "plugin/category_table.hpp"

TEST_CASE("all 15 categories are known, with unique ids, names and groups", "[categories]") {
  const auto& all = floe::all_categories();
  REQUIRE(all.size() == FLOE_CATEGORY_COUNT);
  std::set<std::string> names, groups;
  for (const auto& c : all) {
    names.insert(c.name);
    groups.insert(c.group);
    CHECK(floe::category_by_id(c.id) == &c);
    CHECK(floe::category_by_name(c.name) == &c);
    CHECK(floe::category_by_group(c.group) == &c);
  }
  CHECK(names.size() == 15);
  CHECK(groups.size() == 15);
  CHECK(floe::category_by_name("network_security")->id == FLOE_CATEGORY_NETWORK_SECURITY);
  CHECK(std::string(floe::category_by_id(FLOE_CATEGORY_COMPUTE)->group) == "floe.computes");
}

TEST_CASE("method tables are a header plus one slot per method, in order", "[categories]") {
  for (const auto& c : floe::all_categories()) {
    INFO(c.name);
    CHECK(c.table_size == 2 * sizeof(uint32_t) + c.methods.size() * sizeof(floe_method));
    size_t expected = 2 * sizeof(uint32_t);
    for (const auto& m : c.methods) {
      CHECK(m.offset == expected);
      expected += sizeof(floe_method);
    }
  }
}

namespace {
floe_status stub(floe_instance*, const char*, size_t, floe_buffer*, floe_error*) { return FLOE_OK; }
}  // namespace

TEST_CASE("a slot beyond an older plugin's table size reads as absent", "[categories]") {
  floe_compute_v1 table{};
  table.struct_size = sizeof table;
  table.generate_dbt_profile = &stub;
  table.get_dbt_macro_paths = &stub;
  table.get_ingestion_destination = &stub;
  const auto& compute = *floe::category_by_name("compute");
  const auto& macro_paths = *floe::find_method(compute, "get_dbt_macro_paths");
  CHECK(floe::method_slot(&table, compute.methods.front()) == &stub);
  CHECK(floe::method_slot(&table, compute.methods.back()) == &stub);
  CHECK(floe::method_slot(&table, compute.methods[1]) == nullptr);  // NULL slot
  // A compute plugin built against ABI 1.1 ends before get_ingestion_destination (1.2).
  table.struct_size = static_cast<uint32_t>(offsetof(floe_compute_v1, get_ingestion_destination));
  CHECK(floe::method_slot(&table, compute.methods.back()) == nullptr);  // beyond the plugin's table
  CHECK(floe::method_slot(&table, macro_paths) == &stub);
  table.struct_size = static_cast<uint32_t>(offsetof(floe_compute_v1, get_dbt_macro_paths));
  CHECK(floe::method_slot(&table, macro_paths) == nullptr);
}
