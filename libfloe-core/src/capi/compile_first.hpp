// What an operation that compiles its product first (floe_product_run,
// floe_table_run) takes from its request for that compile: how oci://
// platforms are fetched, and the compile-cache key of the equivalent
// `compile` request (same product, platform, plugins and registry settings),
// so a product compiled before and unchanged since is not compiled again.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "resolve/platform_source.hpp"

namespace floe {

struct CompileFirst {
  PlatformSourceOptions sources;
  boost::json::value compile_key;  // null when the equivalent request is refused: always compile
};

CompileFirst compile_first(const boost::json::object& request);

}  // namespace floe
