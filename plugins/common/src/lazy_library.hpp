// Opening a shared library on first use (libcurl, libcrypto) instead of
// linking it: floe loads every plugin the platform selects when it compiles,
// and a compile must not pay for libraries only a connection check needs.
#ifndef FLOE_PLUGIN_SUPPORT_LAZY_LIBRARY_HPP
#define FLOE_PLUGIN_SUPPORT_LAZY_LIBRARY_HPP

#include <dlfcn.h>

#include <cstring>
#include <string>

namespace floe::plugin_support {

// dlopen(soname, RTLD_NOW | RTLD_LOCAL); nullptr with `problem` naming the
// library and the package that provides it when it cannot be opened.
inline void* open_library(const char* soname, const char* package, std::string& problem) {
  void* library = ::dlopen(soname, RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    const char* why = ::dlerror();
    problem = std::string(soname) + " cannot be opened (install " + package + "): " + (why != nullptr ? why : "");
  }
  return library;
}

// Fills `slot` (a function pointer) with symbol `name` of `library`.
template <class Function>
bool bind_symbol(void* library, const char* name, Function& slot) {
  void* symbol = ::dlsym(library, name);
  if (symbol == nullptr) return false;
  std::memcpy(&slot, &symbol, sizeof slot);  // POSIX: a data pointer from dlsym holds the function's address
  return true;
}

}  // namespace floe::plugin_support

#endif  // FLOE_PLUGIN_SUPPORT_LAZY_LIBRARY_HPP
