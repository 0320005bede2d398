#include "base/lazy_library.hpp"

#include <dlfcn.h>
#include <link.h>

#include <cstring>

namespace floe::base {
namespace {

// The file the dynamic loader picked for `handle`, for messages.
std::string opened_path(void* handle) {
  const link_map* map = nullptr;
  if (dlinfo(handle, RTLD_DI_LINKMAP, &map) != 0 || map == nullptr || map->l_name == nullptr) return {};
  return map->l_name;
}

}  // namespace

LazyOpen open_lazy_library(const char* soname, std::span<const LazySymbol> symbols) {
  LazyOpen out;
  void* handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* e = dlerror();
    out.failure = LazyFailure::cannot_open;
    out.why = e != nullptr ? e : "dlopen failed";
    return out;
  }
  for (const LazySymbol& s : symbols) {
    dlerror();
    void* address = dlsym(handle, s.name);
    if (address == nullptr) {
      std::string path = opened_path(handle);
      // Keep the handle: a library is never unloaded while the process runs.
      out.failure = LazyFailure::missing_symbol;
      out.why = (path.empty() ? std::string(soname) : path) + " has no function " + s.name +
                " (an older or foreign build)";
      return out;
    }
    static_assert(sizeof(void (*)()) == sizeof(void*), "POSIX: function and object pointers have one size");
    std::memcpy(s.function_pointer, &address, sizeof address);
  }
  return out;
}

std::string describe(const LazyOpen& open, const char* soname, const char* package) {
  if (open) return "";
  return std::string(soname) + " cannot be used: " + open.why + " (install " + package + ")";
}

}  // namespace floe::base
