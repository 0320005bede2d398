// Where the CLI keeps the JSON it parses from the library.
#pragma once

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/storage_ptr.hpp>

namespace floe::cli {

// The arena the CLI parses the library's reports into, one per thread, freed
// when the thread ends. Each command parses one report, so it never grows
// past that. A value in it is neither allocated nor freed node by node (a
// 1k-model validate's report is 1.2 MB): the storage_ptr is a plain pointer
// to a resource whose deallocate does nothing, so Boost.JSON skips the
// destructors; an arena the value shared ownership of would still be walked
// node by node (~1.3 M instructions of an unchanged compile's report).
inline boost::json::storage_ptr output_arena() {
  thread_local boost::json::monotonic_resource arena;
  return boost::json::storage_ptr(&arena);
}

}  // namespace floe::cli
