// A shared library opened the first time a command needs it, instead of
// linked: libcurl (registries, catalogs, connection checks) and libcrypto
// (signing) bring ~30 libraries of their own, which every offline command
// (--version, validate, compile, plugins list) and every plugin load would
// otherwise map and relocate.
//
// The library is opened by its SONAME (RTLD_NOW | RTLD_LOCAL, the normal
// search: LD_LIBRARY_PATH, the system's library cache) and every symbol the
// caller lists is looked up at once, so a missing or wrong library fails on
// first use with one answer that names it, never later in the middle of a
// transfer. Opened libraries stay loaded until the process exits.
//
// The one implementation: libfloe-core wraps it in its Result errors
// (core/lazy_library.hpp), libfloe-iceberg and the plugins use it directly.
#pragma once

#include <span>
#include <string>

namespace floe::base {

// One function the caller needs: its name and the function pointer to fill
// (any function pointer type: its bytes are copied from dlsym's answer, as
// POSIX allows).
struct LazySymbol {
  const char* name;
  void* function_pointer;  // the address of the caller's function pointer
};

enum class LazyFailure { none, cannot_open, missing_symbol, too_old };

struct LazyOpen {
  LazyFailure failure = LazyFailure::none;
  // Why, in words: dlerror()'s for cannot_open, "<path> has no function X
  // (an older or foreign build)" for missing_symbol, the caller's for too_old.
  std::string why;
  explicit operator bool() const { return failure == LazyFailure::none; }
};

// Opens `soname` and fills every slot.
LazyOpen open_lazy_library(const char* soname, std::span<const LazySymbol> symbols);

// "libcurl.so.4 cannot be used: <why> (install <package>)": the one-line
// problem a plugin reports.
std::string describe(const LazyOpen& open, const char* soname, const char* package);

}  // namespace floe::base
