// Per-product values in a platform's plugin configuration: one manifest
// serves many products, so a setting like DuckDB's database path says
// `/tmp/floe/{product_slug}.duckdb` and each product gets its own file (the
// Python alpha's convention). Expanded at compile, before the plugin sees it.
#pragma once

#include <boost/json/value.hpp>

#include <string>

namespace floe {

// "customer-360" -> "customer_360": runs of anything but letters, digits and
// '_' become '_', trimmed of '_'; "product" when nothing is left.
std::string product_slug(const std::string& product_name);

// Replaces {product_name} and {product_slug} in every string under `config`.
void expand_product_placeholders(boost::json::value& config, const std::string& product_name);

}  // namespace floe
