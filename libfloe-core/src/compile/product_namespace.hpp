// Where a product's tables live in the catalog: its own namespace, qualified
// by its domain in a data mesh (sales.customer-360), the product's name alone
// on a 2-tier platform (customer-360) - the same naming as its lineage jobs.
// A product writes only tables inside it, or inside the namespaces dbt
// derives from it for custom schemas (sales.customer-360_gold).
#pragma once

#include <string>

namespace floe {

std::string product_namespace(const std::string& product, const std::string& domain, bool mesh);

// True when `table` ("sales.customer-360.orders") is directly inside
// `namespace_name` ("sales.customer-360") or a namespace dbt derives from it
// ("sales.customer-360_gold.orders").
bool table_in_namespace(const std::string& table, const std::string& namespace_name);

// True when `schema` is the product's namespace or one dbt derives from it
// for a custom schema: "<namespace>_<name>".
bool namespace_is_products(const std::string& schema, const std::string& namespace_name);

}  // namespace floe
