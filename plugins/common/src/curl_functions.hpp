// libcurl for the plugins' connection checks (telemetry-otlp, storage-s3),
// opened on first use rather than linked: floe loads every plugin the
// platform selects when it compiles, and a compile must not pay for libcurl
// and the libraries it brings.
#ifndef FLOE_PLUGIN_SUPPORT_CURL_FUNCTIONS_HPP
#define FLOE_PLUGIN_SUPPORT_CURL_FUNCTIONS_HPP

#include <curl/curl.h>

#include <string>

namespace floe::plugin_support {

struct curl_functions {
  decltype(&::curl_global_init) global_init = nullptr;
  decltype(&::curl_easy_init) easy_init = nullptr;
  decltype(&::curl_easy_cleanup) easy_cleanup = nullptr;
  decltype(&::curl_easy_setopt) easy_setopt = nullptr;
  decltype(&::curl_easy_perform) easy_perform = nullptr;
  decltype(&::curl_easy_getinfo) easy_getinfo = nullptr;
  decltype(&::curl_easy_strerror) easy_strerror = nullptr;
  decltype(&::curl_slist_append) slist_append = nullptr;
  decltype(&::curl_slist_free_all) slist_free_all = nullptr;
};

// libcurl.so.4's functions, globally initialised once; nullptr (and `problem`
// says why) when it cannot be opened.
const curl_functions* open_curl(std::string& problem);

}  // namespace floe::plugin_support

#endif  // FLOE_PLUGIN_SUPPORT_CURL_FUNCTIONS_HPP
