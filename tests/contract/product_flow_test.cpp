// The cross-domain flow through the floe executable, on a copy of the
// examples: customer-360 (sales) publishes its contracts into an OCI layout,
// campaign-analytics (marketing) compiles against them through an input
// port; a breaking change needs a new major; a domain that is not allowed, a
// version range with no match, a source column the contract does not promise
// and a cycle of products are refused with their codes.
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>

#include "compile_test_support.hpp"
#include "temp_dir.hpp"

using namespace floe::test;
namespace fs = std::filesystem;

namespace {

struct Workspace {
  TempDir tmp;
  fs::path examples = tmp.path() / "examples";
  std::map<std::string, std::string> env{{"XDG_CACHE_HOME", (tmp.path() / "cache").string()}};
  Workspace() {
    for (const char* part : {"customer-360", "campaign-analytics", "enterprise"})
      copy_tree(examples_dir() / part, examples / part);
  }
  fs::path producer() const { return examples / "customer-360" / "floe.yaml"; }
  fs::path consumer() const { return examples / "campaign-analytics" / "floe.yaml"; }
  std::string registry() const { return "oci-layout:" + (examples / "registry" / "products").string(); }
  JsonRun publish(const std::string& version) const {
    return floe_json({"product", "publish", version, "-f", producer().string(), "--registry", registry()}, env);
  }
  JsonRun validate() const { return floe_json({"validate", consumer().string()}, env); }
  void edit(const fs::path& file, const std::string& from, const std::string& to) const {
    std::string text = read_file(file);
    auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    write_file(file, text);
  }
};

std::string all_messages(const boost::json::value& report) {
  std::string out;
  for (const auto& d : report.at("diagnostics").as_array()) out += std::string(d.at("message").as_string()) + "\n";
  return out;
}

}  // namespace

TEST_CASE("a product publishes its contracts and another domain's product consumes them", "[product-flow]") {
  Workspace ws;
  auto published = ws.publish("1.0.0");
  INFO(published.process.out << published.process.err);
  REQUIRE(published.process.exit_code == 0);
  CHECK(published.report.at("result").at("tag") == "1.0.0");
  // The artifact is floe's product artifact, in a layout any OCI tool reads.
  std::string index = read_file(ws.examples / "registry" / "products" / "customer-360" / "index.json");
  CHECK(index.find("\"org.opencontainers.image.ref.name\":\"1.0.0\"") != std::string::npos);
  std::string digest(published.report.at("result").at("digest").as_string());
  std::string manifest = read_file(ws.examples / "registry" / "products" / "customer-360" / "blobs" / "sha256" / digest.substr(7));
  CHECK(manifest.find("\"artifactType\":\"application/vnd.floe.product.v1+json\"") != std::string::npos);

  auto consumer = ws.validate();
  INFO(consumer.process.out << consumer.process.err);
  CHECK(consumer.process.exit_code == 0);
  CHECK(consumer.process.out.find("customer_profiles: customer-360 1.0.0 port customer_profile") != std::string::npos);
  std::string lock = read_file(ws.examples / "campaign-analytics" / "floe.lock");
  CHECK(lock.find("customer-360@^1.0") != std::string::npos);
  CHECK(lock.find(digest) != std::string::npos);

  SECTION("republishing the same version with other content is refused") {
    ws.edit(ws.examples / "customer-360/contracts/customer_profile.odcs.yaml", "Number of orders in any status.", "Orders.");
    auto again = ws.publish("1.0.0");
    CHECK(again.process.exit_code == 4);
    CHECK(codes(again.report) == std::vector<std::string>{"FLOE-R906"});
  }

  SECTION("a breaking change needs a new major version") {
    ws.edit(ws.producer(), "  version: 1.0.0", "  version: 1.1.0");
    ws.edit(ws.examples / "customer-360/contracts/customer_profile.odcs.yaml",
            "      - name: customer_tier\n        logicalType: string\n        required: true",
            "      - name: customer_tier\n        logicalType: string\n        required: false");
    auto minor = ws.publish("1.1.0");
    CHECK(minor.process.exit_code == 4);
    REQUIRE(codes(minor.report) == std::vector<std::string>{"FLOE-K110"});
    CHECK(all_messages(minor.report).find("column 'customer_tier' is no longer required") != std::string::npos);
    ws.edit(ws.producer(), "  version: 1.1.0", "  version: 2.0.0");
    auto major = ws.publish("2.0.0");
    INFO(major.process.out << major.process.err);
    CHECK(major.process.exit_code == 0);
    // The consumer pinned ^1.0 in floe.lock: it keeps 1.0.0.
    auto still = ws.validate();
    CHECK(still.process.exit_code == 0);
    CHECK(still.process.out.find("customer-360 1.0.0 port") != std::string::npos);
  }

  SECTION("a version range no published version matches is K120 naming what is published") {
    fs::remove(ws.examples / "campaign-analytics" / "floe.lock");
    ws.edit(ws.consumer(), "    version: ^1.0", "    version: ^2.0");
    auto r = ws.validate();
    CHECK(r.process.exit_code == 3);
    REQUIRE(codes(r.report) == std::vector<std::string>{"FLOE-K120"});
    CHECK(all_messages(r.report) == "no published version of 'customer-360' matches ^2.0 (published: 1.0.0)\n");
    const auto* d = find_diagnostic(r.report, "FLOE-K120");
    CHECK(d->at("line") == 48);
  }

  SECTION("a source column the contract does not promise is K121 at the source's line") {
    ws.edit(ws.examples / "campaign-analytics/models/sources.yml", "          - name: segment\n",
            "          - name: segment\n          - name: email\n");
    auto r = ws.validate();
    CHECK(r.process.exit_code == 3);
    REQUIRE(codes(r.report) == std::vector<std::string>{"FLOE-K121"});
    const auto* d = find_diagnostic(r.report, "FLOE-K121");
    CHECK(d->at("message") ==
          "dbt source sales.customer_profile uses column 'email', which customer-360 1.0.0 does not promise on port 'customer_profile'");
    CHECK(d->at("line") == 21);
  }
}

TEST_CASE("a domain that is not allowed cannot consume, an unpublished product is named", "[product-flow][bad-input]") {
  Workspace ws;
  ws.edit(ws.examples / "enterprise/domains/sales/manifest.yaml", "allowed_consumers: [marketing]", "allowed_consumers: [finance]");
  REQUIRE(ws.publish("1.0.0").process.exit_code == 0);
  auto r = ws.validate();
  CHECK(r.process.exit_code == 4);
  REQUIRE(codes(r.report) == std::vector<std::string>{"FLOE-K122"});
  CHECK(all_messages(r.report) ==
        "input port 'customer_profiles': domain 'marketing' may not consume customer-360 (domain 'sales'): its "
        "allowed_consumers are finance\n");

  Workspace empty;
  auto missing = empty.validate();
  CHECK(missing.process.exit_code == 3);
  CHECK(codes(missing.report) == std::vector<std::string>{"FLOE-K120"});
  CHECK(all_messages(missing.report).find("product 'customer-360' is not published at") != std::string::npos);
}

TEST_CASE("products that depend on each other across domains are a cycle naming the chain", "[product-flow][bad-input]") {
  Workspace ws;
  // customer-360 (sales) now also reads campaign-analytics (marketing), which
  // publishes a port; campaign-analytics reads customer-360: a cycle.
  fs::path consumer_dir = ws.examples / "campaign-analytics";
  fs::create_directories(consumer_dir / "contracts");
  write_file(consumer_dir / "contracts" / "audiences.odcs.yaml",
             "apiVersion: v3.1.0\nkind: DataContract\nid: urn:floe:acme:marketing:audiences\nversion: 1.0.0\nstatus: active\n"
             "schema:\n  - name: audiences\n    physicalName: gold_campaign_audiences\n    properties:\n"
             "      - {name: audience_id, logicalType: string, required: true, primaryKey: true}\n");
  ws.edit(ws.consumer(), "input_ports:", "output_ports:\n  - {name: audiences, table: gold_campaign_audiences, contract: contracts/audiences.odcs.yaml}\n\ninput_ports:");
  ws.edit(ws.examples / "enterprise/domains/marketing/manifest.yaml", "  data_retention_days: 180",
          "  data_retention_days: 180\n  data_contracts:\n    allowed_consumers: [sales]");
  REQUIRE(ws.publish("1.0.0").process.exit_code == 0);
  auto consumer_published = floe_json({"product", "publish", "1.0.0", "-f", ws.consumer().string()}, ws.env);
  INFO(consumer_published.process.out << consumer_published.process.err);
  REQUIRE(consumer_published.process.exit_code == 0);
  // Now customer-360 1.1.0 reads campaign-analytics.
  ws.edit(ws.producer(), "  version: 1.0.0", "  version: 1.1.0");
  ws.edit(ws.producer(), "# Service levels the product promises",
          "input_registry: " + ws.registry() +
              "\ninput_ports:\n  - {name: audiences, product: campaign-analytics, port: audiences, version: ^1.0}\n\n"
              "# Service levels the product promises");
  auto r = floe_json({"validate", ws.producer().string()}, ws.env);
  CHECK(r.process.exit_code == 3);
  REQUIRE(codes(r.report) == std::vector<std::string>{"FLOE-K123"});
  CHECK(all_messages(r.report) ==
        "products depend on each other in a cycle: sales/customer-360 -> marketing/campaign-analytics -> sales/customer-360\n");
}
