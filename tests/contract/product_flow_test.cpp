// The cross-domain flow through the floe executable, on a copy of the
// examples: customer-360 (sales) publishes its contracts into an OCI layout,
// campaign-analytics (marketing) compiles against them through an input
// port; a breaking change needs a new major; a domain that is not allowed, a
// version range with no match, a source column the contract does not promise
// and a cycle of products are refused with their codes; once the consumer is
// published too, a breaking change to a column it reads is refused naming it.
#include <catch2/catch.hpp>

#include <fmt/format.h>

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
  // campaign-analytics gets an output port of its own, so it can be published.
  void give_consumer_a_port() const {
    fs::path consumer_dir = examples / "campaign-analytics";
    fs::create_directories(consumer_dir / "contracts");
    write_file(consumer_dir / "contracts" / "audiences.odcs.yaml",
               "apiVersion: v3.1.0\nkind: DataContract\nid: urn:floe:acme:marketing:audiences\nversion: 1.0.0\nstatus: active\n"
               "schema:\n  - name: audiences\n    physicalName: gold_campaign_audiences\n    properties:\n"
               "      - {name: audience_id, logicalType: string, required: true, primaryKey: true}\n");
    edit(consumer(), "input_ports:", "output_ports:\n  - {name: audiences, table: gold_campaign_audiences, contract: contracts/audiences.odcs.yaml}\n\ninput_ports:");
  }
  JsonRun publish_consumer(const std::string& version) const {
    return floe_json({"product", "publish", version, "-f", consumer().string()}, env);
  }
  // customer_profile.lifetime_value (which campaign-analytics reads) becomes a string, in the model and the contract.
  void make_lifetime_value_a_string() const {
    edit(examples / "customer-360/models/gold/gold.yml", "        data_type: decimal(18,2)", "        data_type: varchar");
    edit(examples / "customer-360/contracts/customer_profile.odcs.yaml", "logicalType: number\n        physicalType: DECIMAL(18,2)",
         "logicalType: string\n        physicalType: VARCHAR");
  }
  bool tagged(const std::string& product, const std::string& tag) const {
    std::string index = read_file(examples / "registry" / "products" / product / "index.json");
    return index.find("\"org.opencontainers.image.ref.name\":\"" + tag + "\"") != std::string::npos;
  }
  // Publishing customer-360 `version` is refused with exactly `errors`, and nothing is tagged.
  JsonRun publish_refused(const std::string& version, const std::vector<std::string>& errors) const {
    auto r = publish(version);
    INFO(r.process.out << r.process.err);
    CHECK(r.process.exit_code == 4);
    CHECK(codes(r.report) == errors);
    CHECK_FALSE(tagged("customer-360", version));
    return r;
  }
};

std::string all_messages(const boost::json::value& report) {
  std::string out;
  for (const auto& d : report.at("diagnostics").as_array()) out += std::string(d.at("message").as_string()) + "\n";
  return out;
}

// Every stage line of a report, one a line: "status: text".
std::string stage_lines(const boost::json::value& report) {
  std::string out;
  for (const auto& stage : report.at("stages").as_array())
    for (const auto& line : stage.at("lines").as_array())
      out += fmt::format("{}: {}\n", std::string(line.at("status").as_string()), std::string(line.at("text").as_string()));
  return out;
}

bool ends_with(const boost::json::value& text, const std::string& tail) {
  std::string s(text.as_string());
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
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

TEST_CASE("a contract in the alpha dialect (logicalType: decimal) is not published as written", "[product-flow][bad-input]") {
  // floe reads it with a C090 note; consumers' ODCS tools refuse it, so the
  // file must not ship (before, 1.0.0 published it with exit 0).
  Workspace ws;
  fs::path contract = ws.examples / "customer-360/contracts/customer_profile.odcs.yaml";
  ws.edit(contract, "logicalType: number\n        physicalType: DECIMAL(18,2)", "logicalType: decimal\n        physicalType: DECIMAL(18,2)");
  auto r = ws.publish("1.0.0");
  INFO(r.process.out << r.process.err);
  CHECK(r.process.exit_code == 3);
  CHECK(codes(r.report) == std::vector<std::string>{"FLOE-K108"});
  CHECK_THAT(all_messages(r.report), Catch::Contains("logicalType: decimal") && Catch::Contains("customer_profile.odcs.yaml"));
  CHECK_FALSE(fs::exists(ws.examples / "registry" / "products" / "customer-360" / "index.json"));
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
  ws.give_consumer_a_port();
  ws.edit(ws.examples / "enterprise/domains/marketing/manifest.yaml", "  data_retention_days: 180",
          "  data_retention_days: 180\n  data_contracts:\n    allowed_consumers: [sales]");
  REQUIRE(ws.publish("1.0.0").process.exit_code == 0);
  auto consumer_published = ws.publish_consumer("1.0.0");
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

TEST_CASE("a breaking change to a column a consumer in the registry reads is refused naming the consumer and the column",
          "[product-flow][bad-input]") {
  Workspace ws;
  ws.give_consumer_a_port();
  REQUIRE(ws.publish("1.0.0").process.exit_code == 0);
  auto consumer = ws.publish_consumer("1.0.0");
  INFO(consumer.process.out << consumer.process.err);
  REQUIRE(consumer.process.exit_code == 0);
  ws.edit(ws.producer(), "  version: 1.0.0", "  version: 1.1.0");
  const std::string found = "ok: consumer in the registry: campaign-analytics 1.0.0 (marketing) reads customer_profile (^1.0): 5 columns\n";

  SECTION("a type change of a column it reads: K113 at the contract's column, beside K110") {
    ws.make_lifetime_value_a_string();
    auto r = ws.publish_refused("1.1.0", {"FLOE-K110", "FLOE-K113"});
    const auto* d = find_diagnostic(r.report, "FLOE-K113");
    REQUIRE(d != nullptr);
    CHECK(d->at("message") ==
          "customer-360 1.1.0 breaks campaign-analytics 1.0.0 (marketing), which reads customer_profile.lifetime_value: column "
          "'lifetime_value' type number -> string");
    CHECK(ends_with(d->at("file"), "customer-360/contracts/customer_profile.odcs.yaml"));
    CHECK(d->at("line") == 64);
    CHECK(d->at("column") == 9);
    CHECK(d->at("subject") == "campaign-analytics");
    CHECK(d->at("expected") == "no breaking change to what campaign-analytics reads: its input port 'customer_profiles' takes customer-360 ^1.0");
    // The related location is the column as 1.0.0 published it (in the cache).
    const auto& related = d->at("related").as_array().at(0);
    CHECK(ends_with(related.at("file"), "/contracts/customer_profile.odcs.yaml"));
    CHECK(related.at("line") == 64);
    CHECK(related.at("what") == "what customer-360 1.0.0 promised");
    std::string lines = stage_lines(r.report);
    CHECK(lines.find(found) != std::string::npos);
    CHECK(lines.find("error: breaks campaign-analytics 1.0.0 (marketing): customer_profile.lifetime_value: column 'lifetime_value' "
                     "type number -> string\n") != std::string::npos);
  }

  SECTION("a breaking change of a column no consumer reads is refused by the version rule alone, naming no consumer") {
    ws.edit(ws.examples / "customer-360/contracts/customer_profile.odcs.yaml",
            "      - name: order_count\n        logicalType: integer\n        required: true\n        classification: internal\n"
            "        description: Number of orders in any status.\n",
            "");
    auto r = ws.publish_refused("1.1.0", {"FLOE-K110"});
    REQUIRE(find_diagnostic(r.report, "FLOE-K110") != nullptr);
    CHECK(find_diagnostic(r.report, "FLOE-K110")->at("message") ==
          "customer-360 1.1.0 breaks consumers of customer-360 1.0.0: customer_profile: column 'order_count' removed from "
          "'customer_profile'");
    CHECK(all_messages(r.report).find("campaign-analytics") == std::string::npos);
    std::string lines = stage_lines(r.report);
    CHECK(lines.find(found) != std::string::npos);
    CHECK(lines.find("breaks campaign-analytics") == std::string::npos);
  }

  SECTION("a new major with the same type change publishes and says the consumer's range excludes it") {
    ws.make_lifetime_value_a_string();
    ws.edit(ws.producer(), "  version: 1.1.0", "  version: 2.0.0");
    auto r = ws.publish("2.0.0");
    INFO(r.process.out << r.process.err);
    CHECK(r.process.exit_code == 0);
    CHECK(codes(r.report).empty());
    CHECK(codes(r.report, "warning").empty());
    std::string lines = stage_lines(r.report);
    CHECK(lines.find(found) != std::string::npos);
    CHECK(lines.find("info: campaign-analytics 1.0.0 (marketing) takes customer-360 ^1.0, which excludes 2.0.0: it keeps the "
                     "versions its range takes\n") != std::string::npos);
    CHECK(ws.tagged("customer-360", "2.0.0"));
  }

  SECTION("a consumer whose latest version takes every major is broken by a new major too") {
    // Its latest published version counts: 1.1.0 reads customer-360 at >=1.0.0.
    ws.edit(ws.consumer(), "  version: 1.0.0", "  version: 1.1.0");
    ws.edit(ws.consumer(), "    version: ^1.0", "    version: \">=1.0.0\"");
    REQUIRE(ws.publish_consumer("1.1.0").process.exit_code == 0);
    ws.make_lifetime_value_a_string();
    ws.edit(ws.producer(), "  version: 1.1.0", "  version: 2.0.0");
    auto r = ws.publish_refused("2.0.0", {"FLOE-K113"});
    REQUIRE(find_diagnostic(r.report, "FLOE-K113") != nullptr);
    CHECK(find_diagnostic(r.report, "FLOE-K113")->at("message") ==
          "customer-360 2.0.0 breaks campaign-analytics 1.1.0 (marketing), which reads customer_profile.lifetime_value: column "
          "'lifetime_value' type number -> string");
  }
}

TEST_CASE("a product in the registry whose product.json cannot be read is a warning naming it", "[product-flow][bad-input]") {
  Workspace ws;
  ws.give_consumer_a_port();
  REQUIRE(ws.publish("1.0.0").process.exit_code == 0);
  REQUIRE(ws.publish_consumer("1.0.0").process.exit_code == 0);
  // Overwrite the consumer's product.json blob in its layout: it no longer matches its digest.
  fs::path layout = ws.examples / "registry" / "products" / "campaign-analytics";
  auto index = boost::json::parse(read_file(layout / "index.json"));
  std::string manifest_digest(index.at("manifests").at(0).at("digest").as_string());
  auto manifest = boost::json::parse(read_file(layout / "blobs" / "sha256" / manifest_digest.substr(7)));
  std::string product_json;
  for (const auto& layer : manifest.at("layers").as_array())
    if (layer.at("annotations").at("org.opencontainers.image.title") == "product.json")
      product_json = std::string(layer.at("digest").as_string()).substr(7);
  REQUIRE_FALSE(product_json.empty());
  fs::path blob = layout / "blobs" / "sha256" / product_json;
  fs::permissions(blob, fs::perms::owner_write, fs::perm_options::add);
  write_file(blob, "{\"kind\": \"PublishedProduct\", \"name\": \"tampered\"}");

  ws.edit(ws.producer(), "  version: 1.0.0", "  version: 1.1.0");
  ws.edit(ws.examples / "customer-360/contracts/customer_profile.odcs.yaml", "Number of orders in any status.", "Orders.");
  auto r = ws.publish("1.1.0");
  INFO(r.process.out << r.process.err);
  CHECK(r.process.exit_code == 0);
  CHECK(codes(r.report).empty());
  REQUIRE(codes(r.report, "warning") == std::vector<std::string>{"FLOE-K114"});
  const auto* d = find_diagnostic(r.report, "FLOE-K114");
  std::string message(d->at("message").as_string());
  CHECK(message.rfind("oci-layout:" + layout.string() + " cannot be read, so whether it consumes customer-360 is not known: ", 0) == 0);
  CHECK(message.find(product_json.substr(0, 12)) != std::string::npos);
  CHECK(ends_with(d->at("file"), "customer-360/floe.yaml"));
  CHECK(d->at("line") == 21);
  CHECK(stage_lines(r.report).find("warning: oci-layout:" + layout.string() + ": cannot be read\n") != std::string::npos);
  CHECK(stage_lines(r.report).find("ok: no consumers of customer-360 in the registry (0 other products)\n") != std::string::npos);
  CHECK(ws.tagged("customer-360", "1.1.0"));
}

// contract/port_verdicts.hpp through the floe executable: the second compile
// answers a port from its remembered check and reports exactly what the first
// did; a model edit brings the finding it causes, and a moved line moves it.
TEST_CASE("a port's remembered check reports as the check did, and a model edit is checked again", "[product-flow][verdicts]") {
  Workspace w;
  fs::path remembered = fs::path(w.env.at("XDG_CACHE_HOME")) / "floe" / "contracts" / "ports";
  auto count = [&] {
    std::error_code ec;
    auto it = fs::directory_iterator(remembered, ec);
    return ec ? std::ptrdiff_t{0} : std::distance(it, fs::directory_iterator{});
  };
  auto validate = [&] { return floe_json({"validate", w.producer().string()}, w.env); };
  auto first = validate();
  INFO(first.process.err);
  REQUIRE(first.process.exit_code == 0);
  CHECK(stage_lines(first.report).find("customer_profile: contracts/customer_profile.odcs.yaml holds") != std::string::npos);
  CHECK(count() == 1);
  auto second = validate();
  CHECK(stage_lines(second.report) == stage_lines(first.report));
  CHECK(boost::json::serialize(second.report.at("diagnostics")) == boost::json::serialize(first.report.at("diagnostics")));

  // The model no longer keeps the contract's promise of a number.
  fs::path gold = w.examples / "customer-360/models/gold/gold.yml";
  w.edit(gold, "        data_type: decimal(18,2)", "        data_type: varchar");
  for (int pass = 0; pass < 2; ++pass) {  // checked, then recalled
    auto broken = validate();
    INFO(pass);
    const auto* k103 = find_diagnostic(broken.report, "FLOE-K103");
    REQUIRE(k103 != nullptr);
    CHECK(k103->at("related").at(0).at("line") == 56);  // the column in gold.yml
  }
  CHECK(count() == 1);  // the same port, contract and policy: its outcome replaced
  // A line added above the model: the finding's related place moves with it.
  w.edit(gold, "version: 2\n", "version: 2\n# a comment\n");
  auto shifted = validate();
  const auto* moved = find_diagnostic(shifted.report, "FLOE-K103");
  REQUIRE(moved != nullptr);
  CHECK(moved->at("related").at(0).at("line") == 57);
}
