// Product versions and the ranges input ports accept: 1.2.3, ^1.2 (same
// major, at least 1.2.0), ~1.2.3 (same minor), comparisons (>=1.0.0 <2.0.0,
// space-separated, all must hold), * (any). Pre-release tags (1.0.0-rc.1)
// sort before their release and match only a range that names one.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace floe {

struct ProductVersion {
  long major = 0, minor = 0, patch = 0;
  std::string pre;  // "" for a release
  bool operator<(const ProductVersion& o) const;
  bool operator==(const ProductVersion& o) const = default;
};

// "1.2.3", "v1.2.3", "1.2.3-rc.1" (a tag's '_' read as '+', build metadata ignored); nullopt otherwise.
std::optional<ProductVersion> parse_product_version(std::string_view text);

// Whether `range` is well formed (the message says why not) and whether `v` is in it.
std::string version_range_problem(std::string_view range);
bool version_in_range(const ProductVersion& v, std::string_view range);

// The highest of `tags` that is a version in `range`; nullopt when none.
std::optional<std::string> highest_in_range(const std::vector<std::string>& tags, std::string_view range);

}  // namespace floe
