// A hash for unordered containers keyed by std::string that may be searched
// with a std::string_view (with std::equal_to<>): no string is made to look
// one up.
#pragma once

#include <cstddef>
#include <functional>
#include <string_view>

namespace floe {

struct TextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

}  // namespace floe
