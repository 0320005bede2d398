// libcurl, opened the first time floe makes an HTTP request
// (base/lazy_library.hpp): offline commands and plugin loads never map it or
// the ~30 libraries it depends on. One table of its functions for all of
// floe: the OCI client, the Iceberg REST client and the plugins.
#pragma once

#include <curl/curl.h>

#include "base/lazy_library.hpp"

namespace floe::base {

// The libcurl functions floe calls, each typed as curl/curl.h declares it.
// Members drop the curl_ prefix (curl_easy_setopt is also a macro in
// curl's headers: a member of that name would be expanded).
#define FLOE_CURL_FUNCTIONS(X) \
  X(global_init)               \
  X(version_info)              \
  X(easy_init)                 \
  X(easy_cleanup)              \
  X(easy_reset)                \
  X(easy_setopt)               \
  X(easy_perform)              \
  X(easy_getinfo)              \
  X(easy_strerror)             \
  X(easy_escape)               \
  X(slist_append)              \
  X(slist_free_all)            \
  X(url)                       \
  X(url_cleanup)               \
  X(url_set)                   \
  X(url_get)                   \
  X(free)

struct CurlLibrary {
#define FLOE_CURL_MEMBER(name) decltype(&::curl_##name) name = nullptr;
  FLOE_CURL_FUNCTIONS(FLOE_CURL_MEMBER)
#undef FLOE_CURL_MEMBER
};

inline constexpr const char* kCurlSoname = "libcurl.so.4";
inline constexpr const char* kCurlPackage = "libcurl4 on Debian and Ubuntu, libcurl on Fedora";

struct CurlOpen {
  const CurlLibrary* library = nullptr;  // when usable
  LazyOpen failure;                      // why not (too_old: older than 7.85.0, or its initialisation failed)
};

// libcurl.so.4, opened, checked (every function present, version >= 7.85.0
// for CURLOPT_PROTOCOLS_STR) and globally initialised once per process
// (thread-safe); the same answer on every call.
const CurlOpen& curl_library();

// The library, or nullptr with `problem` set to one line naming it.
const CurlLibrary* open_curl(std::string& problem);

}  // namespace floe::base
