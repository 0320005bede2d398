#include "compile/product_placeholders.hpp"

#include <boost/json.hpp>

#include <catch2/catch.hpp>

using floe::expand_product_placeholders;
using floe::product_slug;

TEST_CASE("product_slug follows the alpha: separators become _, trimmed, 'product' when empty", "[placeholders]") {
  CHECK(product_slug("customer-360") == "customer_360");
  CHECK(product_slug("a--b..c") == "a_b_c");
  CHECK(product_slug("-edge-") == "edge");
  CHECK(product_slug("---") == "product");
  CHECK(product_slug("keep_under_score") == "keep_under_score");
}

TEST_CASE("placeholders expand in every string, nested, and nothing else changes", "[placeholders]") {
  auto config = boost::json::parse(R"({"path": "/tmp/floe/{product_slug}.duckdb", "threads": 4,
    "attach": [{"alias": "{product_name}", "path": "{product_slug}/{product_slug}.db"}], "jinja": "{{ env_var('X') }}"})");
  expand_product_placeholders(config, "customer-360");
  CHECK(config.at("path") == "/tmp/floe/customer_360.duckdb");
  CHECK(config.at("threads") == 4);
  CHECK(config.at("attach").at(0).at("alias") == "customer-360");
  CHECK(config.at("attach").at(0).at("path") == "customer_360/customer_360.db");
  CHECK(config.at("jinja") == "{{ env_var('X') }}");
}
