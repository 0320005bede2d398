// product.json's input ports record the columns the consumer's dbt source
// declares (what a producer's publish holds its breaking changes to); a
// product.json written before that, without `columns`, still reads.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <filesystem>
#include <fstream>

#include "config/yaml_reader.hpp"
#include "contract/input_ports.hpp"
#include "contract/published_product.hpp"
#include "base/json_text.hpp"
#include "temp_dir.hpp"

namespace {

namespace fs = std::filesystem;

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

floe::PublishedProduct read_back(const fs::path& dir) {
  floe::PublishedProduct out;
  floe::Diagnostics diags;
  REQUIRE(floe::read_published_product(dir.string(), out, floe::SourceLocation{"floe.yaml", 1, 1}, diags));
  CHECK(diags.empty());
  return out;
}

}  // namespace

TEST_CASE("product.json records the columns an input port reads and reads them back", "[contract][product]") {
  floe::test::TempDir tmp;
  floe::PublishedProduct p;
  p.name = "campaign-analytics";
  p.version = "1.0.0";
  p.domain = "marketing";
  p.inputs.push_back({"customer_profiles", "customer-360", "customer_profile", "^1.0",
                      std::vector<floe::PublishedColumn>{{"customer_id", "integer"}, {"segment", ""}}});
  p.inputs.push_back({"orders", "oci://registry.acme.com/products/orders", "orders", "*"});
  const boost::json::value json = floe::published_product_json(p);
  const auto& inputs = json.at("input_ports").as_array();
  CHECK(inputs.at(0).at("columns") ==
        boost::json::parse(R"([{"name": "customer_id", "data_type": "integer"}, {"name": "segment"}])"));
  CHECK(inputs.at(1).as_object().if_contains("columns") == nullptr);

  write_text(tmp.path() / "product.json", floe::pretty_json(json));
  floe::PublishedProduct back = read_back(tmp.path());
  REQUIRE(back.inputs.size() == 2);
  REQUIRE(back.inputs[0].columns.has_value());
  REQUIRE(back.inputs[0].columns->size() == 2);
  CHECK(back.inputs[0].columns->at(0).name == "customer_id");
  CHECK(back.inputs[0].columns->at(0).data_type == "integer");
  CHECK(back.inputs[0].columns->at(1).name == "segment");
  CHECK(back.inputs[0].columns->at(1).data_type.empty());
  CHECK(back.inputs[0].version == "^1.0");
  CHECK_FALSE(back.inputs[1].columns.has_value());
  CHECK(back.inputs[1].product == "oci://registry.acme.com/products/orders");
}

TEST_CASE("a product.json written before columns were recorded reads with no columns", "[contract][product]") {
  floe::test::TempDir tmp;
  write_text(tmp.path() / "product.json",
             R"({"kind": "PublishedProduct", "name": "campaign-analytics", "version": "1.0.0", "domain": "marketing",
                 "owner": "m@acme.com", "allowed_consumers": [], "ports": [],
                 "input_ports": [{"name": "customer_profiles", "product": "customer-360", "port": "customer_profile",
                                  "version": "^1.0"}]})");
  floe::PublishedProduct back = read_back(tmp.path());
  REQUIRE(back.inputs.size() == 1);
  CHECK(back.inputs[0].port == "customer_profile");
  CHECK_FALSE(back.inputs[0].columns.has_value());
}

TEST_CASE(
    "published_inputs takes the columns from the dbt source the input "
    "port names",
    "[contract][product]") {
  floe::LocatedDocument product;
  floe::Diagnostics diags;
  REQUIRE(
      floe::read_yaml_document("input_ports:\n"
                               "  - {name: profiles, product: customer-360, port: customer_profile, "
                               "version: ^1.0, "
                               "source: sales.customer_profile}\n"
                               "  - {name: orders, product: orders, port: orders, source: "
                               "sales.missing}\n"
                               "  - {name: events, product: events, port: events}\n",
                               "floe.yaml", product, diags));
  floe::dbt::DbtProject project;
  floe::dbt::DbtSource source;
  source.source_name = "sales";
  source.table_name = "customer_profile";
  source.columns.push_back({"customer_id", "", {}, 0, 0, "integer"});
  source.columns.push_back({"lifetime_value", "", {}, 0, 0, "decimal(18,2)"});
  project.sources.push_back(source);
  auto inputs = floe::published_inputs(product, {&project});
  REQUIRE(inputs.size() == 3);
  REQUIRE(inputs[0].columns.has_value());
  REQUIRE(inputs[0].columns->size() == 2);
  CHECK(inputs[0].columns->at(1).name == "lifetime_value");
  CHECK(inputs[0].columns->at(1).data_type == "decimal(18,2)");
  CHECK(inputs[0].version == "^1.0");
  // A source no project declares (K121 at validate), or none named: nothing
  // recorded.
  CHECK_FALSE(inputs[1].columns.has_value());
  CHECK_FALSE(inputs[2].columns.has_value());
}

TEST_CASE("product.json records where the producer's platform keeps its tables, and reads it back", "[contract][product]") {
  floe::test::TempDir tmp;
  floe::PublishedProduct p;
  p.name = "customer-360";
  p.version = "1.0.0";
  p.lake = floe::PublishedLake{"polaris", "acme_lake", "sales-domain.customer-360"};
  write_text(tmp.path() / "product.json", floe::pretty_json(floe::published_product_json(p)));
  floe::PublishedProduct back = read_back(tmp.path());
  REQUIRE(back.lake.has_value());
  CHECK(back.lake->catalog == "polaris");
  CHECK(back.lake->warehouse == "acme_lake");
  CHECK(back.lake->namespace_name == "sales-domain.customer-360");
  // A producer without a lake catalog records none.
  p.lake.reset();
  write_text(tmp.path() / "product.json", floe::pretty_json(floe::published_product_json(p)));
  CHECK_FALSE(read_back(tmp.path()).lake.has_value());
}

TEST_CASE("a product may read products of its own domain, and without domains those of its own platform",
          "[contract][product]") {
  floe::PublishedProduct sales;
  sales.domain = "sales";
  CHECK(sales.allows("sales"));
  CHECK_FALSE(sales.allows("marketing"));
  CHECK_FALSE(sales.allows(""));
  floe::PublishedProduct undomained;  // a 2-tier platform's product
  CHECK(undomained.allows(""));
  CHECK_FALSE(undomained.allows("marketing"));
  sales.allowed_consumers = {"marketing"};
  CHECK(sales.allows("marketing"));
}
