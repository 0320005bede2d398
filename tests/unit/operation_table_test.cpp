// Each compile-family operation is declared once, in floe_compile_run's
// table: the operations its request schema accepts are exactly the table's,
// so an operation the schema admits can never reach "not implemented".
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "capi/compile_operations.hpp"
#include "config/document_schema.hpp"

TEST_CASE("the compile request schema's operations are exactly floe_compile_run's table", "[capi]") {
  boost::json::value schema = boost::json::parse(floe::embedded_schema("compile-request"));
  std::vector<std::string> in_schema;
  for (const auto& branch : schema.at("oneOf").as_array()) {
    std::string ref(branch.at("$ref").as_string());
    const auto& def = schema.at("$defs").at(ref.substr(ref.rfind('/') + 1));
    in_schema.emplace_back(def.at("properties").at("operation").at("const").as_string());
  }
  std::sort(in_schema.begin(), in_schema.end());
  CHECK(in_schema == floe::compile_operation_names());
  CHECK(in_schema.size() == 11);
}
