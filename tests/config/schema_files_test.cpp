#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <functional>

#include "config/config_loader.hpp"
#include "schema/json_schema.hpp"
#include "temp_dir.hpp"

using floe::DocumentKind;

namespace {

std::string shipped(const char* name) {
  return floe::test::read_file(std::string(FLOE_TEST_SOURCE_DIR) + "/docs/schemas/" + name);
}

// Calls `visit(path, schema)` for every subschema reachable through the keywords that hold schemas.
void walk(const boost::json::value& s, const std::string& path,
          const std::function<void(const std::string&, const boost::json::object&)>& visit) {
  if (!s.is_object()) return;
  const auto& o = s.get_object();
  visit(path, o);
  for (const char* k : {"properties", "$defs", "patternProperties"})
    if (const auto* m = o.if_contains(k))
      for (const auto& [key, sub] : m->get_object()) walk(sub, path + "/" + k + "/" + std::string(key), visit);
  for (const char* k : {"items", "additionalProperties", "propertyNames"})
    if (const auto* sub = o.if_contains(k)) walk(*sub, path + "/" + k, visit);
  for (const char* k : {"oneOf", "anyOf"})
    if (const auto* a = o.if_contains(k))
      for (std::size_t i = 0; i < a->get_array().size(); ++i) walk(a->get_array()[i], path + "/" + k + std::to_string(i), visit);
}

}  // namespace

TEST_CASE("the embedded schemas are docs/schemas byte for byte", "[schema-files]") {
  CHECK(floe::document_schema(DocumentKind::manifest) == shipped("manifest.schema.json"));
  CHECK(floe::document_schema(DocumentKind::data_product) == shipped("data-product.schema.json"));
}

TEST_CASE("the shipped schemas use only what floe's validator understands", "[schema-files]") {
  for (auto kind : {DocumentKind::manifest, DocumentKind::data_product}) {
    auto schema = boost::json::parse(floe::document_schema(kind));
    auto problems = floe::check_schema(schema);
    INFO(problems.size() << " problem(s), first: " << (problems.empty() ? "" : problems[0]));
    CHECK(problems.empty());
    CHECK(schema.at("$schema") == "https://json-schema.org/draft/2020-12/schema");
  }
  CHECK(boost::json::parse(floe::document_schema(DocumentKind::manifest)).at("$id") ==
        "https://floe.dev/schemas/manifest.schema.json");
  CHECK(boost::json::parse(floe::document_schema(DocumentKind::data_product)).at("$id") ==
        "https://floe.dev/schemas/data-product.schema.json");
}

TEST_CASE("every property is described and every object is closed", "[schema-files]") {
  for (auto kind : {DocumentKind::manifest, DocumentKind::data_product}) {
    auto schema = boost::json::parse(floe::document_schema(kind));
    std::vector<std::string> undescribed, open;
    walk(schema, "#", [&](const std::string& path, const boost::json::object& o) {
      if (const auto* props = o.if_contains("properties")) {
        for (const auto& [key, sub] : props->get_object())
          if (!sub.get_object().contains("description")) undescribed.push_back(path + "/" + std::string(key));
        if (o.if_contains("additionalProperties") == nullptr || o.at("additionalProperties") != false)
          open.push_back(path);
      }
    });
    CHECK(undescribed == std::vector<std::string>{});
    // Plugin configs and labels are free maps; they declare no properties, so every object with properties is closed.
    CHECK(open == std::vector<std::string>{});
  }
}
