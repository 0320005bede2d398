#include "core/lazy_library.hpp"

#include <fmt/format.h>

#include <vector>

#include "base/lazy_library.hpp"

namespace floe {
namespace {

Error load_error(const LazyLibraryInfo& info, std::string_view reason, const std::string& why) {
  return make_error(FLOE_ERR_LOAD_FAILED,
                    fmt::format("{} cannot be used: {}. floe loads it on first use for {}; offline commands do not "
                                "need it. Install or repair it (package {})",
                                info.soname, why, info.needed_for, info.package),
                    {{"library", info.soname}, {"reason", reason}});
}

}  // namespace

Result<Ok> open_lazy_library(const LazyLibraryInfo& info, std::span<const LazySymbol> symbols) {
  std::vector<base::LazySymbol> slots;
  slots.reserve(symbols.size());
  for (const LazySymbol& s : symbols) slots.push_back({s.name, s.function_pointer});
  return lazy_library_result(info, base::open_lazy_library(std::string(info.soname).c_str(), slots));
}

Result<Ok> lazy_library_result(const LazyLibraryInfo& info, const base::LazyOpen& opened) {
  switch (opened.failure) {
    case base::LazyFailure::none: return Ok{};
    case base::LazyFailure::cannot_open: return load_error(info, "cannot_open", opened.why);
    case base::LazyFailure::missing_symbol: return load_error(info, "missing_symbol", opened.why);
    case base::LazyFailure::too_old: return load_error(info, "too_old", opened.why);
  }
  return load_error(info, "cannot_open", opened.why);
}

Error lazy_library_too_old(const LazyLibraryInfo& info, const std::string& what) {
  return load_error(info, "too_old", what);
}

}  // namespace floe
