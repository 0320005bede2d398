#include "curl_functions.hpp"

#include <dlfcn.h>

#include <cstring>
#include <mutex>

namespace floe::telemetry_otlp {
namespace {

template <class Function>
bool bind(void* library, const char* name, Function& slot) {
  void* symbol = ::dlsym(library, name);
  if (symbol == nullptr) return false;
  std::memcpy(&slot, &symbol, sizeof slot);  // POSIX: a data pointer from dlsym holds the function's address
  return true;
}

}  // namespace

const curl_functions* open_curl(std::string& problem) {
  static curl_functions functions;
  static std::string failure;
  static std::once_flag once;
  std::call_once(once, [] {
    void* library = ::dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr) {
      const char* why = ::dlerror();
      failure = std::string("libcurl.so.4 cannot be opened (install libcurl4): ") + (why != nullptr ? why : "");
      return;
    }
    bool ok = bind(library, "curl_global_init", functions.global_init) &&
              bind(library, "curl_easy_init", functions.easy_init) &&
              bind(library, "curl_easy_cleanup", functions.easy_cleanup) &&
              bind(library, "curl_easy_setopt", functions.easy_setopt) &&
              bind(library, "curl_easy_perform", functions.easy_perform) &&
              bind(library, "curl_easy_getinfo", functions.easy_getinfo) &&
              bind(library, "curl_easy_strerror", functions.easy_strerror) &&
              bind(library, "curl_slist_append", functions.slist_append) &&
              bind(library, "curl_slist_free_all", functions.slist_free_all);
    if (!ok) {
      failure = "libcurl.so.4 lacks a function floe needs (too old a libcurl)";
      return;
    }
    functions.global_init(CURL_GLOBAL_DEFAULT);
  });
  problem = failure;
  return failure.empty() ? &functions : nullptr;
}

}  // namespace floe::telemetry_otlp
