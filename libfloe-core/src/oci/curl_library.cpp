#include "oci/curl_library.hpp"

#include <fmt/format.h>

#include <array>

#include "core/lazy_library.hpp"

namespace floe::oci {
namespace {

constexpr LazyLibraryInfo kCurl{"libcurl.so.4", "registry access (oci:// references, publish, pull)",
                                "libcurl4 on Debian and Ubuntu, libcurl on Fedora"};
constexpr unsigned kMinimumVersion = 0x075500;  // 7.85.0: CURLOPT_PROTOCOLS_STR

Result<const CurlLibrary*> open_curl() {
  static CurlLibrary lib;
#define FLOE_CURL_SYMBOL(name) LazySymbol{"curl_" #name, &lib.name},
  const std::array symbols{FLOE_CURL_FUNCTIONS(FLOE_CURL_SYMBOL)};
#undef FLOE_CURL_SYMBOL
  if (auto opened = open_lazy_library(kCurl, symbols); !opened) return std::move(opened).error();
  const curl_version_info_data* info = lib.version_info(CURLVERSION_NOW);
  if (info == nullptr || info->version_num < kMinimumVersion)
    return lazy_library_too_old(kCurl, fmt::format("it is libcurl {}; floe needs 7.85.0 or newer",
                                                   info != nullptr && info->version ? info->version : "?"));
  if (CURLcode rc = lib.global_init(CURL_GLOBAL_DEFAULT); rc != CURLE_OK)
    return lazy_library_too_old(kCurl, fmt::format("its initialisation failed: {}", lib.easy_strerror(rc)));
  return &lib;
}

}  // namespace

Result<const CurlLibrary*> curl_library() {
  static const Result<const CurlLibrary*> opened = open_curl();  // thread-safe, once
  return opened;
}

}  // namespace floe::oci
