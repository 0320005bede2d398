// Each operation of floe_compile_run, floe_artifact_run, floe_product_run and
// floe_table_run is declared once, in its entry point's table: the operations its request schema accepts are
// exactly the table's, so an operation the schema admits can never reach
// "not implemented".
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "capi/compile_operations.hpp"
#include "config/document_schema.hpp"

namespace {

std::vector<std::string> schema_operations(const char* kind) {
  boost::json::value schema = boost::json::parse(floe::embedded_schema(kind));
  std::vector<std::string> names;
  for (const auto& branch : schema.at("oneOf").as_array()) {
    std::string ref(branch.at("$ref").as_string());
    const auto& def = schema.at("$defs").at(ref.substr(ref.rfind('/') + 1));
    names.emplace_back(def.at("properties").at("operation").at("const").as_string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST_CASE("the compile request schema's operations are exactly floe_compile_run's table", "[capi]") {
  CHECK(schema_operations("compile-request") == floe::compile_operation_names());
  CHECK(floe::compile_operation_names().size() == 11);
}

TEST_CASE("the artifact request schema's operations are exactly floe_artifact_run's table", "[capi]") {
  CHECK(schema_operations("artifact-request") == floe::artifact_operation_names());
  CHECK(floe::artifact_operation_names().size() == 9);
}

TEST_CASE("the run request schema's operations are exactly floe_product_run's table", "[capi]") {
  CHECK(schema_operations("run-request") == floe::run_operation_names());
  CHECK(floe::run_operation_names() == std::vector<std::string>{"run", "test"});
}

TEST_CASE("the table request schema's operations are exactly floe_table_run's table", "[capi]") {
  CHECK(schema_operations("table-request") == floe::table_operation_names());
  CHECK(floe::table_operation_names() == std::vector<std::string>{"expire", "list", "show"});
}
