// How large a parsed YAML document becomes when its aliases are expanded.
// yaml-cpp shares an aliased node instead of copying it, so parsing a
// "billion laughs" file is cheap; what costs is every reader that then walks
// the tree (a 516-byte dbt schema.yml took 8 GB and 114 s). Readers check
// here first and refuse a document that expands past a bound.
#pragma once

#include <cstddef>

namespace YAML {
class Node;
}

namespace floe {

// The most values (maps, sequences, scalars, each pair's key and value) a YAML
// file floe reads may expand to: far above any real dbt or ODCS file
// (customer-360's largest has ~400), well below what hurts (~1 s, ~100 MB).
inline constexpr std::size_t kMaxYamlValues = 1'000'000;

// True when `root`, aliases expanded, has at most `max_values` values. The
// walk is iterative and stops at the bound, so a self-referencing alias
// (yaml-cpp accepts `&a [*a]`) or an exponential chain costs at most
// `max_values` steps.
bool yaml_expands_within(const YAML::Node& root, std::size_t max_values = kMaxYamlValues);

}  // namespace floe
