// Fresh identifiers: RFC 9562 UUIDv7 (48 bits of Unix milliseconds, then
// random bits), time-ordered as OpenLineage recommends for run ids.
#pragma once

#include <string>

namespace floe {

// "019a1b2c-3d4e-7f60-8a1b-2c3d4e5f6a7b"
std::string uuid_v7();

}  // namespace floe
