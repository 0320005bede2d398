// What an operation that compiles its product first (floe_product_run,
// floe_table_run) takes from its request for that compile: how oci://
// platforms and input ports' producers are fetched, and the compile-cache key of the equivalent
// `compile` request (same product, platform, plugins and registry settings),
// so a product compiled before and unchanged since is not compiled again.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "contract/input_ports.hpp"
#include "resolve/platform_source.hpp"

namespace floe {

struct CompileFirst {
  PlatformSourceOptions sources;
  ProductFetcher fetch_products;  // input ports' producers, pinned in floe.lock as floe compile pins them
  boost::json::value compile_key;  // null when the equivalent request is refused: always compile
};

CompileFirst compile_first(const boost::json::object& request);

}  // namespace floe
