#include "base/curl_library.hpp"

#include <array>

namespace floe::base {
namespace {

constexpr unsigned kMinimumVersion = 0x075500;  // 7.85.0: CURLOPT_PROTOCOLS_STR

CurlOpen open_once() {
  static CurlLibrary lib;
  CurlOpen out;
#define FLOE_CURL_SYMBOL(name) LazySymbol{"curl_" #name, &lib.name},
  const std::array symbols{FLOE_CURL_FUNCTIONS(FLOE_CURL_SYMBOL)};
#undef FLOE_CURL_SYMBOL
  out.failure = open_lazy_library(kCurlSoname, symbols);
  if (!out.failure) return out;
  const curl_version_info_data* info = lib.version_info(CURLVERSION_NOW);
  if (info == nullptr || info->version_num < kMinimumVersion) {
    out.failure.failure = LazyFailure::too_old;
    out.failure.why = std::string("it is libcurl ") + (info != nullptr && info->version ? info->version : "?") +
                      "; floe needs 7.85.0 or newer";
    return out;
  }
  if (CURLcode rc = lib.global_init(CURL_GLOBAL_DEFAULT); rc != CURLE_OK) {
    out.failure.failure = LazyFailure::too_old;
    out.failure.why = std::string("its initialisation failed: ") + lib.easy_strerror(rc);
    return out;
  }
  out.library = &lib;
  return out;
}

}  // namespace

const CurlOpen& curl_library() {
  static const CurlOpen opened = open_once();  // thread-safe, once
  return opened;
}

const CurlLibrary* open_curl(std::string& problem) {
  const CurlOpen& opened = curl_library();
  if (opened.library == nullptr) problem = describe(opened.failure, kCurlSoname, kCurlPackage);
  return opened.library;
}

}  // namespace floe::base
