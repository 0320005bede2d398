// How floe names a product's things in Dagster, so that the products of one
// domain (and of many) coexist in one deployment: asset keys
// <domain>/<product>/<model> (2-tier: <product>/<model>), the group
// <domain>__<product>, owners from the product's owner. Dagster allows only
// [A-Za-z0-9_] in names: every other character becomes '_' (so
// "customer-360" is "customer_360", and a product "customer_360" in the same
// domain collides with it: the host refuses the second, naming both).
#pragma once

#include <string>
#include <vector>

namespace floe::orchestrator_dagster {

std::string dagster_name(const std::string& text);

struct product_names {
  std::vector<std::string> asset_prefix;  // [domain, product] or [product]
  std::string group;                      // prefix joined by "__"; also the location's directory
};

product_names names_of(const std::string& domain, const std::string& product);

// Dagster owners are e-mail addresses or "team:<name>".
std::string dagster_owner(const std::string& owner);

}  // namespace floe::orchestrator_dagster
