// libcurl, opened the first time floe talks to a registry (core/lazy_library.hpp):
// offline commands never map it or the ~30 libraries it depends on.
#pragma once

#include <curl/curl.h>

#include "core/result.hpp"

namespace floe::oci {

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

// libcurl.so.4, opened, checked (every function present, version >= 7.85.0
// for CURLOPT_PROTOCOLS_STR) and globally initialised once per process; the
// same answer on every call. FLOE_ERR_LOAD_FAILED names the library.
Result<const CurlLibrary*> curl_library();

}  // namespace floe::oci
