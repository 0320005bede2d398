#include "exported_symbols.hpp"

#include <cxxabi.h>
#include <elf.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <set>

namespace floe::conformance {
namespace {

// Symbols every linker defines in a shared object; not the plugin's doing.
const std::set<std::string> kLinkerSymbols = {"_init", "_fini", "_edata", "_end", "__bss_start", "_DYNAMIC",
                                               "_GLOBAL_OFFSET_TABLE_", "__dso_handle"};

template <class T>
bool read_at(const std::string& file, uint64_t offset, T& out) {
  if (offset > file.size() || file.size() - offset < sizeof(T)) return false;
  std::memcpy(&out, file.data() + offset, sizeof(T));
  return true;
}

}  // namespace

std::vector<std::string> exported_symbols(const std::string& library, std::string& problem) {
  std::ifstream in(library, std::ios::binary);
  if (!in) {
    problem = "cannot open " + library;
    return {};
  }
  const std::string file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Elf64_Ehdr header{};
  if (!read_at(file, 0, header) || std::memcmp(header.e_ident, ELFMAG, SELFMAG) != 0 ||
      header.e_ident[EI_CLASS] != ELFCLASS64) {
    problem = library + " is not a 64-bit ELF file";
    return {};
  }
  if (header.e_shentsize != sizeof(Elf64_Shdr) || header.e_shnum == 0) {
    problem = library + " has no section headers (stripped with sstrip?); its exports cannot be listed";
    return {};
  }
  std::vector<std::string> exported;
  bool found = false;
  for (uint16_t i = 0; i < header.e_shnum; ++i) {
    Elf64_Shdr section{}, strings{};
    if (!read_at(file, header.e_shoff + uint64_t{i} * sizeof(Elf64_Shdr), section)) {
      problem = library + " is truncated: a section header lies outside the file";
      return {};
    }
    if (section.sh_type != SHT_DYNSYM) continue;
    found = true;
    if (section.sh_entsize != sizeof(Elf64_Sym) ||
        !read_at(file, header.e_shoff + uint64_t{section.sh_link} * sizeof(Elf64_Shdr), strings) ||
        section.sh_offset > file.size() || file.size() - section.sh_offset < section.sh_size ||
        strings.sh_offset > file.size() || file.size() - strings.sh_offset < strings.sh_size) {
      problem = library + " has a corrupt dynamic symbol table";
      return {};
    }
    for (uint64_t at = section.sh_offset; at + sizeof(Elf64_Sym) <= section.sh_offset + section.sh_size;
         at += sizeof(Elf64_Sym)) {
      Elf64_Sym sym{};
      read_at(file, at, sym);
      const unsigned bind = ELF64_ST_BIND(sym.st_info), type = ELF64_ST_TYPE(sym.st_info);
      const bool visible_binding = bind == STB_GLOBAL || bind == STB_WEAK || bind == STB_GNU_UNIQUE;
      const bool code_or_data = type == STT_FUNC || type == STT_OBJECT || type == STT_TLS || type == STT_GNU_IFUNC ||
                                type == STT_COMMON;
      if (sym.st_shndx == SHN_UNDEF || !visible_binding || !code_or_data) continue;
      if (sym.st_name >= strings.sh_size) {
        problem = library + " has a corrupt dynamic string table";
        return {};
      }
      const char* start = file.data() + strings.sh_offset + sym.st_name;
      std::string name(start, strnlen(start, strings.sh_size - sym.st_name));
      // AddressSanitizer adds an ODR indicator beside each exported global;
      // the global itself is reported, its companion is no fault of its own.
      if (kLinkerSymbols.count(name) == 0 && name.rfind("__odr_asan.", 0) != 0) exported.push_back(name);
    }
  }
  if (!found) problem = library + " has no dynamic symbol table";
  return exported;
}

std::string demangled(const std::string& symbol) {
  int status = 0;
  std::unique_ptr<char, decltype(&std::free)> text(abi::__cxa_demangle(symbol.c_str(), nullptr, nullptr, &status),
                                                   &std::free);
  return status == 0 && text ? std::string(text.get()) : symbol;
}

}  // namespace floe::conformance
