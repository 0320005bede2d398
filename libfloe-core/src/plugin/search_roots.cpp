#include "plugin/search_roots.hpp"

#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "floe/registry.h"

namespace fs = std::filesystem;

namespace floe {

const char* root_source_name(RootSource source) {
  switch (source) {
    case RootSource::extra: return "--plugin-path";
    case RootSource::env: return "FLOE_PLUGIN_PATH";
    case RootSource::virtualenv: return "virtualenv";
    case RootSource::user: return "user";
    case RootSource::prefix: return "install prefix";
    case RootSource::system: return "system";
  }
  return "unknown";
}

EnvLookup process_environment() {
  return [](const char* name) -> std::optional<std::string> {
    const char* v = std::getenv(name);
    if (v == nullptr || *v == '\0') return std::nullopt;
    return std::string(v);
  };
}

std::string library_directory() {
  Dl_info info{};
  // Any function defined in this library locates it.
  if (dladdr(reinterpret_cast<void*>(&library_directory), &info) == 0 || info.dli_fname == nullptr) return {};
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::path(info.dli_fname), ec);
  if (ec) p = fs::path(info.dli_fname);
  return p.parent_path().string();
}

namespace {

void add_root(std::vector<SearchRoot>& roots, const std::string& path, RootSource source) {
  if (path.empty()) return;
  std::error_code ec;
  fs::path normal = fs::weakly_canonical(fs::absolute(fs::path(path), ec), ec);
  std::string key = ec ? path : normal.string();
  for (const auto& r : roots)
    if (r.path == key) return;
  bool exists = fs::is_directory(key, ec);
  roots.push_back(SearchRoot{key, source, exists});
}

void add_list(std::vector<SearchRoot>& roots, const std::string& list, RootSource source) {
  size_t start = 0;
  while (start <= list.size()) {
    size_t end = list.find(':', start);
    if (end == std::string::npos) end = list.size();
    add_root(roots, list.substr(start, end - start), source);
    start = end + 1;
  }
}

}  // namespace

std::vector<SearchRoot> search_roots(uint32_t flags, const std::string& extra, const EnvLookup& env) {
  if (flags == 0) flags = FLOE_SEARCH_DEFAULT;
  std::vector<SearchRoot> roots;
  add_list(roots, extra, RootSource::extra);
  if (flags & FLOE_SEARCH_CALLER_ONLY) return roots;  // an embedder's own roots, nothing else
  if (flags & FLOE_SEARCH_ENV) {
    if (auto v = env("FLOE_PLUGIN_PATH")) add_list(roots, *v, RootSource::env);
  }
  if (flags & FLOE_SEARCH_VIRTUALENV) {
    if (auto v = env("VIRTUAL_ENV")) add_root(roots, *v + "/lib/floe/plugins", RootSource::virtualenv);
  }
  if (flags & FLOE_SEARCH_USER) {
    if (auto v = env("XDG_DATA_HOME")) {
      add_root(roots, *v + "/floe/plugins", RootSource::user);
    } else if (auto home = env("HOME")) {
      add_root(roots, *home + "/.local/share/floe/plugins", RootSource::user);
    }
  }
  if (flags & FLOE_SEARCH_PREFIX) {
    std::string dir = library_directory();
    if (!dir.empty()) add_root(roots, dir + "/floe/plugins", RootSource::prefix);
  }
  if (flags & FLOE_SEARCH_SYSTEM) add_root(roots, "/usr/lib/floe/plugins", RootSource::system);
  return roots;
}

}  // namespace floe
