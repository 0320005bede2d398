// floe contract init: a contract generated from customer-360's dbt model that
// floe's own checks and the ODCS schema accept, and refusals that say why.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <filesystem>

#include "compile/contract_commands.hpp"
#include "contract/contract_checks.hpp"
#include "diag/codes.hpp"
#include "diagnostics_text.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;

namespace {

// A copy of the examples (customer-360 names ../enterprise/...), so nothing is written into the source tree.
fs::path copy_examples(const floe::test::TempDir& dir) {
  fs::path examples = fs::path(FLOE_TEST_SOURCE_DIR) / "examples";
  for (const char* part : {"customer-360", "enterprise"})
    fs::copy(examples / part, dir.path() / part, fs::copy_options::recursive);
  return dir.path() / "customer-360";
}

}  // namespace

TEST_CASE("init writes the port's contract from the dbt model, and it holds", "[init]") {
  floe::test::TempDir dir;
  fs::path product = copy_examples(dir);
  floe::ContractInitRequest request;
  request.product_path = (product / "floe.yaml").string();
  request.port = "customer_orders";
  boost::json::value result;
  auto report = floe::contract_init(request, result);
  INFO(floe::test::diagnostics_text(report.diagnostics));
  REQUIRE_FALSE(report.diagnostics.has_errors());
  fs::path written = product / "contracts" / "customer_orders.odcs.yaml";
  REQUIRE(fs::exists(written));
  CHECK(result.at("file") == boost::json::value(written.string()));

  floe::DataContract c;
  floe::Diagnostics d;
  REQUIRE(floe::load_contract(written.string(), c, d));
  CHECK(c.api_version == "v3.1.0");
  CHECK(c.id == "urn:floe:sales:customer-360:customer_orders");
  CHECK(c.version == "1.0.0");
  CHECK(c.domain == "sales");
  REQUIRE(c.objects.size() == 1);
  CHECK(c.objects[0].model() == "gold_customer_orders");
  const auto* order_id = c.objects[0].find("order_id");
  REQUIRE(order_id != nullptr);
  CHECK(order_id->primary_key);
  CHECK(order_id->required);
  REQUIRE(c.find_sla("latency") != nullptr);
  CHECK(c.find_sla("latency")->value == "26");  // slas.freshness PT26H
  CHECK(c.find_sla("availability")->value == "99.5%");

  SECTION("a second init refuses to replace it") {
    boost::json::value again;
    auto second = floe::contract_init(request, again);
    REQUIRE(second.diagnostics.items().size() == 1);
    CHECK(second.diagnostics.items()[0].code == floe::codes::K112);
  }
}

TEST_CASE("init on a port the product does not have is K111 with a did-you-mean", "[init][bad-input]") {
  floe::test::TempDir dir;
  fs::path product = copy_examples(dir);
  floe::ContractInitRequest request;
  request.product_path = (product / "floe.yaml").string();
  request.port = "customer_order";
  boost::json::value result;
  auto report = floe::contract_init(request, result);
  REQUIRE(report.diagnostics.items().size() == 1);
  CHECK(report.diagnostics.items()[0].code == floe::codes::K111);
  CHECK(report.diagnostics.items()[0].hint == "did you mean 'customer_orders'?");
}
