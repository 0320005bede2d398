// Where a product's tables live in the catalog: its own namespace, qualified
// by its domain in a data mesh (sales.customer-360), the product's name alone
// on a 2-tier platform (customer-360) - the same naming as its lineage jobs.
// A product writes, and floe maintains, only tables inside it.
#pragma once

#include <boost/json/object.hpp>

#include <string>

#include "compile/product_namespace.hpp"

namespace floe::tables {

// From compiled_artifacts.json (product.name, product.domain, inheritance.mode).
std::string product_namespace(const boost::json::object& artifacts);

using floe::table_in_namespace;

}  // namespace floe::tables
