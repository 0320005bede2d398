#include "core/user_cache.hpp"

#include <elf.h>
#include <link.h>
#include <pwd.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace floe {
namespace {

namespace fs = std::filesystem;

struct BuildIdSearch {
  std::uintptr_t code = 0;  // an address inside the object to find: this file's code
  std::string hex;
};

bool contains(const dl_phdr_info* info, std::uintptr_t address) {
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& ph = info->dlpi_phdr[i];
    const std::uintptr_t start = info->dlpi_addr + ph.p_vaddr;
    if (ph.p_type == PT_LOAD && address >= start && address < start + ph.p_memsz) return true;
  }
  return false;
}

int find_build_id(dl_phdr_info* info, std::size_t, void* data) {
  auto* search = static_cast<BuildIdSearch*>(data);
  if (!contains(info, search->code)) return 0;
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& ph = info->dlpi_phdr[i];
    if (ph.p_type != PT_NOTE) continue;
    const auto* p = reinterpret_cast<const unsigned char*>(info->dlpi_addr + ph.p_vaddr);
    const unsigned char* end = p + ph.p_memsz;
    while (p + sizeof(ElfW(Nhdr)) <= end) {
      const auto* note = reinterpret_cast<const ElfW(Nhdr)*>(p);
      const unsigned char* name = p + sizeof(ElfW(Nhdr));
      const unsigned char* desc = name + ((note->n_namesz + 3) & ~3u);
      if (desc + note->n_descsz > end) break;
      if (note->n_type == NT_GNU_BUILD_ID && note->n_namesz == 4 && std::memcmp(name, "GNU", 4) == 0) {
        static const char* digits = "0123456789abcdef";
        for (std::size_t b = 0; b < note->n_descsz; ++b) {
          search->hex += digits[desc[b] >> 4];
          search->hex += digits[desc[b] & 0xF];
        }
        return 1;
      }
      p = desc + ((note->n_descsz + 3) & ~3u);
    }
  }
  return 0;
}

}  // namespace

std::string user_cache_root() {
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && xdg[0] == '/') return (fs::path(xdg) / "floe").string();
  std::string home;
  if (const char* h = std::getenv("HOME"); h && *h)
    home = h;
  else if (const passwd* pw = ::getpwuid(::getuid()); pw && pw->pw_dir)
    home = pw->pw_dir;
  else
    home = fs::temp_directory_path().string();
  return (fs::path(home) / ".cache" / "floe").string();
}

const std::string& running_build_id() {
  static const std::string id = [] {
    BuildIdSearch search;
    search.code = reinterpret_cast<std::uintptr_t>(&find_build_id);
    ::dl_iterate_phdr(find_build_id, &search);
    return search.hex;
  }();
  return id;
}

}  // namespace floe
