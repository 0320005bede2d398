#include "runner_location.hpp"

#include <dlfcn.h>

namespace floe::plugin_support {

std::filesystem::path runner_directory_beside(const std::filesystem::path& library) {
  return library.parent_path() / (library.stem().string() + "-runner");
}

std::filesystem::path runner_directory() {
  Dl_info info{};
  // Any address inside this library names it.
  if (::dladdr(reinterpret_cast<const void*>(&runner_directory), &info) == 0 || info.dli_fname == nullptr) return {};
  return runner_directory_beside(std::filesystem::absolute(info.dli_fname));
}

}  // namespace floe::plugin_support
