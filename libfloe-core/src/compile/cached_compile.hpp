// A compile that answers from the compile cache when nothing it depends on
// changed (compile_cache.hpp), else compiles and records itself: what
// `floe compile` and `floe run` both do.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <optional>

#include <string>

#include "compile/product_compile.hpp"

namespace floe {

struct CachedCompile {
  CompileReport report;  // the recorded one on a hit (nothing written again)
  bool used = false;     // answered from the record
  std::string record;    // the record's path
  std::string note;      // why the record was not used or not written; "" when there is nothing to say
  // compiled_artifacts.json's content when this call compiled and wrote it;
  // empty on a hit (the file on disk is the recorded compile's).
  std::optional<boost::json::object> artifacts;
};

// `key` is compile_cache_key() of the request as its caller was given it.
// The report starts with a "Checking the compile cache" stage when the
// record was used or there is a note.
CachedCompile compile_product_cached(const CompileRequest& request, const boost::json::value& key);

}  // namespace floe
