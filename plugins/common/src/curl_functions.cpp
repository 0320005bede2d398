#include "curl_functions.hpp"

#include <mutex>

#include "lazy_library.hpp"

namespace floe::plugin_support {

const curl_functions* open_curl(std::string& problem) {
  static curl_functions functions;
  static std::string failure;
  static std::once_flag once;
  std::call_once(once, [] {
    void* library = open_library("libcurl.so.4", "libcurl4", failure);
    if (library == nullptr) return;
    bool ok = bind_symbol(library, "curl_global_init", functions.global_init) &&
              bind_symbol(library, "curl_easy_init", functions.easy_init) &&
              bind_symbol(library, "curl_easy_cleanup", functions.easy_cleanup) &&
              bind_symbol(library, "curl_easy_setopt", functions.easy_setopt) &&
              bind_symbol(library, "curl_easy_perform", functions.easy_perform) &&
              bind_symbol(library, "curl_easy_getinfo", functions.easy_getinfo) &&
              bind_symbol(library, "curl_easy_strerror", functions.easy_strerror) &&
              bind_symbol(library, "curl_slist_append", functions.slist_append) &&
              bind_symbol(library, "curl_slist_free_all", functions.slist_free_all);
    if (!ok) {
      failure = "libcurl.so.4 lacks a function floe needs (too old a libcurl)";
      return;
    }
    functions.global_init(CURL_GLOBAL_DEFAULT);
  });
  problem = failure;
  return failure.empty() ? &functions : nullptr;
}

}  // namespace floe::plugin_support
