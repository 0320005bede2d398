// The symbols a plugin library exports, read from its ELF dynamic symbol
// table without loading it. A plugin exports its init function and nothing
// else: every other exported symbol can bind to another library's symbol of
// the same name (C++ inline and template code above all), so two plugins
// built against different versions of one library corrupt each other. Part
// of floe-conformance.
#pragma once

#include <string>
#include <vector>

namespace floe::conformance {

// Defined, global, weak or GNU-unique functions and objects (TLS and IFUNC
// included) in `library`'s .dynsym, except the linker's own markers (_init,
// _fini, _edata, _end, __bss_start, ...) and AddressSanitizer's ODR
// indicators (__odr_asan.<global>). Fills `problem` and returns nothing
// when the file cannot be read as a 64-bit ELF library.
std::vector<std::string> exported_symbols(const std::string& library, std::string& problem);

// The demangled form of a C++ symbol name; the name itself otherwise.
std::string demangled(const std::string& symbol);

}  // namespace floe::conformance
