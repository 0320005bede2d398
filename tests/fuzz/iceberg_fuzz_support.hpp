// Shared by the libfloe-iceberg fuzz targets (which see libfloe-iceberg
// only, not libfloe-core's diagnostics): broken input must be an
// floe::iceberg::Error of kind malformed; any other exception escapes to
// libFuzzer, which reports it as a crash.
#pragma once

#include <cstdlib>

#include "iceberg/error.hpp"

namespace floe::fuzz {

template <class F>
void expect_malformed_or_ok(F&& f) {
  try {
    f();
  } catch (const floe::iceberg::Error& e) {
    if (e.kind() != floe::iceberg::ErrorKind::malformed) std::abort();
  }
}

}  // namespace floe::fuzz
