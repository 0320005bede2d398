// Where floe keeps what it can compute again: $XDG_CACHE_HOME/floe, else
// ~/.cache/floe (HOME, else the password database, else the temp dir). The
// OCI blob cache and the contract verdicts live in folders under it.
#pragma once

#include <string>

namespace floe {

std::string user_cache_root();

// The build of libfloe-core running now, as the hex of its GNU build-id note
// ("" when the binary has none): what a cached verdict of this code depends
// on. Any change to the code gives a new id; an identical rebuild the same.
const std::string& running_build_id();

}  // namespace floe
