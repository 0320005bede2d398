// The JSON Schema validator. Each input that parses as JSON is validated
// against floe's three embedded schemas (manifest, data product, compiled
// artifacts) and checked as a schema itself; a schema check_schema accepts
// is then used to validate the input against itself, which exercises
// patterns (RE2), $ref resolution and its depth guard with hostile schemas.
#include "config/config_loader.hpp"
#include "config/document_schema.hpp"
#include "base/json_text.hpp"
#include "fuzz_support.hpp"
#include "schema/json_schema.hpp"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  auto parsed = floe::parse_json(floe::fuzz::text_of(data, size), "input.json");
  if (!parsed) return 0;
  const boost::json::value& value = *parsed;
  for (const auto kind : {floe::DocumentKind::manifest, floe::DocumentKind::data_product,
                          floe::DocumentKind::compiled_artifacts}) {
    (void)floe::validate_against_schema(floe::document_schema_json(kind), value);
  }
  if (floe::check_schema(value).empty()) {
    (void)floe::validate_against_schema(value, value);
    boost::json::value copy = value;
    floe::apply_schema_defaults(value, copy);
  }
  return 0;
}
