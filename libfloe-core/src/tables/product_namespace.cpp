#include "tables/product_namespace.hpp"

#include "compile/product_namespace.hpp"
#include "core/json_path.hpp"

namespace floe::tables {

std::string product_namespace(const boost::json::object& artifacts) {
  return floe::product_namespace(string_at(artifacts, {"product", "name"}), string_at(artifacts, {"product", "domain"}),
                                 string_at(artifacts, {"inheritance", "mode"}) == "3-tier");
}

}  // namespace floe::tables
