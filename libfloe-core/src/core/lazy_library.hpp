// A shared library floe opens the first time a command needs it, instead of
// linking it: libcurl (registry access) and libcrypto (signing) bring ~30
// libraries of their own, which every offline command (--version, validate,
// compile, plugins list) would otherwise map and relocate at start-up.
//
// The library is opened by its SONAME (RTLD_NOW | RTLD_LOCAL, the normal
// search: LD_LIBRARY_PATH, the system's library cache) and every symbol the
// caller lists is looked up at once, so a missing or wrong library fails on
// first use with one error that names it, never later in the middle of a
// transfer. Opened libraries stay loaded until the process exits.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "base/lazy_library.hpp"
#include "base/result.hpp"

namespace floe {

// One function the caller needs: its name and the function pointer to fill
// (any function pointer type: its bytes are copied from dlsym's answer, as
// POSIX allows).
struct LazySymbol {
  const char* name;
  void* function_pointer;  // the address of the caller's function pointer
};

// What a library is for and how to get it, for the error message:
// {"libcurl.so.4", "registry access (oci:// references)", "libcurl4 (Debian) / libcurl (Fedora)"}.
struct LazyLibraryInfo {
  std::string_view soname;
  std::string_view needed_for;
  std::string_view package;
};

// Opens `info.soname` and fills every slot. FLOE_ERR_LOAD_FAILED when the
// library cannot be opened or lacks a symbol (an older or foreign build); the
// message names the library, the path that was opened (when one was), what
// floe needs it for and the package that provides it; detail
// {"library": soname, "reason": "cannot_open" | "missing_symbol" | "too_old"}.
// The loading itself is base/lazy_library.hpp's (the one implementation
// libfloe-iceberg and the plugins use too); this gives its answer floe's errors.
Result<Ok> open_lazy_library(const LazyLibraryInfo& info, std::span<const LazySymbol> symbols);

// base's answer for `info` as a Result (Ok, or the error above).
Result<Ok> lazy_library_result(const LazyLibraryInfo& info, const base::LazyOpen& opened);

// The FLOE_ERR_LOAD_FAILED error for a library that opened but is too old
// (`what` says which version floe found and which it needs).
Error lazy_library_too_old(const LazyLibraryInfo& info, const std::string& what);

}  // namespace floe
