#include "oci/curl_library.hpp"

#include "core/lazy_library.hpp"

namespace floe::oci {
namespace {

constexpr LazyLibraryInfo kCurl{base::kCurlSoname, "registry access (oci:// references, publish, pull)",
                                base::kCurlPackage};

}  // namespace

Result<const CurlLibrary*> curl_library() {
  const base::CurlOpen& opened = base::curl_library();
  if (opened.library != nullptr) return opened.library;
  return lazy_library_result(kCurl, opened.failure).error();
}

}  // namespace floe::oci
