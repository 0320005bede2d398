// libcurl, opened the first time floe talks to a registry: base's one table
// of its functions (base/curl_library.hpp), with floe's error when it cannot
// be used. Offline commands never map it or the ~30 libraries it depends on.
#pragma once

#include "base/curl_library.hpp"
#include "base/result.hpp"

namespace floe::oci {

using CurlLibrary = base::CurlLibrary;

// libcurl.so.4, opened, checked (every function present, version >= 7.85.0
// for CURLOPT_PROTOCOLS_STR) and globally initialised once per process; the
// same answer on every call. FLOE_ERR_LOAD_FAILED names the library.
Result<const CurlLibrary*> curl_library();

}  // namespace floe::oci
