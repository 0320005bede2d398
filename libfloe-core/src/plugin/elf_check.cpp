#include "plugin/elf_check.hpp"

#include <sys/stat.h>

#include <elf.h>
#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <vector>

namespace floe {
namespace {

#if defined(__x86_64__)
constexpr uint16_t kHostMachine = EM_X86_64;
constexpr const char* kHostMachineName = "x86-64";
#elif defined(__aarch64__)
constexpr uint16_t kHostMachine = EM_AARCH64;
constexpr const char* kHostMachineName = "aarch64";
#else
#error "floe's ELF check knows x86-64 and aarch64 hosts; add this machine"
#endif

}  // namespace

std::string elf_problem(const std::string& path) {
  // A FIFO or a device under a library's name must not make floe wait.
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
    return fmt::format("{} is not a regular file (a FIFO, a device or a directory)", path);
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return fmt::format("cannot open {}: {}", path, std::strerror(errno));
  const auto size = static_cast<uint64_t>(in.tellg());
  in.seekg(0);
  Elf64_Ehdr header{};
  in.read(reinterpret_cast<char*>(&header), sizeof header);
  if (in.gcount() < static_cast<std::streamsize>(EI_NIDENT) || std::memcmp(header.e_ident, ELFMAG, SELFMAG) != 0)
    return fmt::format("{} is not an ELF shared library (corrupt or wrong file type)", path);
  if (header.e_ident[EI_CLASS] == ELFCLASS32)
    return fmt::format("{} is a 32-bit library; this host loads 64-bit libraries", path);
  if (header.e_ident[EI_CLASS] != ELFCLASS64)
    return fmt::format("{} has a corrupt ELF header (unknown class {})", path, header.e_ident[EI_CLASS]);
  if (in.gcount() < static_cast<std::streamsize>(sizeof header))
    return fmt::format("{} is truncated ({} bytes): its ELF header is incomplete", path, size);
  if (header.e_type != ET_DYN) return fmt::format("{} is an ELF file but not a shared library", path);
  if (header.e_machine != kHostMachine)
    return fmt::format("{} was built for another machine (ELF machine {}); this host is {}", path, header.e_machine,
                       kHostMachineName);
  if (header.e_phentsize != sizeof(Elf64_Phdr) ||
      header.e_phoff + static_cast<uint64_t>(header.e_phnum) * sizeof(Elf64_Phdr) > size)
    return fmt::format("{} is truncated or corrupt ({} bytes): its program headers lie outside the file", path, size);

  std::vector<Elf64_Phdr> segments(header.e_phnum);
  in.seekg(static_cast<std::streamoff>(header.e_phoff));
  in.read(reinterpret_cast<char*>(segments.data()), static_cast<std::streamsize>(segments.size() * sizeof(Elf64_Phdr)));
  if (!in) return fmt::format("{}: cannot read its program headers", path);
  for (const auto& s : segments) {
    if ((s.p_type == PT_LOAD || s.p_type == PT_DYNAMIC) && s.p_offset + s.p_filesz > size)
      return fmt::format("{} is truncated ({} bytes): a segment needs {} bytes; reinstall the plugin", path, size,
                         s.p_offset + s.p_filesz);
  }
  return {};
}

}  // namespace floe
