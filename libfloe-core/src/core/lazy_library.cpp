#include "core/lazy_library.hpp"

#include <dlfcn.h>
#include <fmt/format.h>
#include <link.h>

#include <cstring>

namespace floe {
namespace {

Error load_error(const LazyLibraryInfo& info, std::string_view reason, const std::string& why) {
  return make_error(FLOE_ERR_LOAD_FAILED,
                    fmt::format("{} cannot be used: {}. floe loads it on first use for {}; offline commands do not "
                                "need it. Install or repair it (package {})",
                                info.soname, why, info.needed_for, info.package),
                    {{"library", info.soname}, {"reason", reason}});
}

// The file the dynamic loader picked for `handle`, for messages.
std::string opened_path(void* handle) {
  const link_map* map = nullptr;
  if (dlinfo(handle, RTLD_DI_LINKMAP, &map) != 0 || map == nullptr || map->l_name == nullptr) return {};
  return map->l_name;
}

}  // namespace

Result<Ok> open_lazy_library(const LazyLibraryInfo& info, std::span<const LazySymbol> symbols) {
  std::string soname(info.soname);
  void* handle = dlopen(soname.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* e = dlerror();
    return load_error(info, "cannot_open", e != nullptr ? e : "dlopen failed");
  }
  for (const LazySymbol& s : symbols) {
    dlerror();
    void* address = dlsym(handle, s.name);
    if (address == nullptr) {
      std::string path = opened_path(handle);
      // Keep the handle: a library is never unloaded while the process runs.
      return load_error(info, "missing_symbol",
                        fmt::format("{} has no function {} (an older or foreign build)",
                                    path.empty() ? soname : path, s.name));
    }
    static_assert(sizeof(void (*)()) == sizeof(void*), "POSIX: function and object pointers have one size");
    std::memcpy(s.function_pointer, &address, sizeof address);
  }
  return Ok{};
}

Error lazy_library_too_old(const LazyLibraryInfo& info, const std::string& what) {
  return load_error(info, "too_old", what);
}

}  // namespace floe
