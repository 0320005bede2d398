// floe.yaml: schema diagnostics and the product rules (FLOE-C301..C307).
#include <chrono>

#include "config_test_support.hpp"
#include "fixtures.hpp"

using namespace floe::test;

namespace {
const std::string kDataProductHead =
    "apiVersion: floe.dev/v1\nkind: DataProduct\nmetadata: {name: p, version: 1.0.0, owner: me}\n"
    "platform: {ref: ../manifest.yaml}\ntransforms: [{type: dbt}]\n";
}

TEST_CASE("a complete product loads without any diagnostic", "[product]") {
  auto l = product(kFullProduct);
  INFO(l.dump());
  CHECK(l.ok);
  CHECK(l.diags.empty());
  CHECK(product(kDataProductHead).diags.empty());
}

TEST_CASE("a product name is at most 63 characters", "[product]") {
  const std::string name63 = "p" + std::string(62, 'x');
  CHECK(product(edit(kDataProductHead, "name: p,", "name: " + name63 + ",")).diags.empty());
  auto l = product(edit(kDataProductHead, "name: p,", "name: " + name63 + "x,"));
  CHECK(l.one("FLOE-C106").message == "'metadata.name': must be at most 63 characters long");
}

TEST_CASE("product schema: misspelt keys and missing sections", "[product]") {
  auto l = product(edit(kFullProduct, "  destination: bronze_orders", "  destinaton: bronze_orders"));
  auto d = l.one("FLOE-C101");
  CHECK(d.hint == "did you mean 'destination'?");
  CHECK(where(d) == "floe.yaml:21:7");
  CHECK(l.one("FLOE-C102").subject == "ingestion.sources[0].destination");
  auto empty = product(edit(kDataProductHead, "transforms: [{type: dbt}]", "transforms: []"));
  CHECK(empty.one("FLOE-C107").message == "'transforms': must have at least 1 items");
}

TEST_CASE("C301: endpoints and credentials anywhere in a product", "[product]") {
  auto l = product(kDataProductHead +
                   "ingestion:\n  sources:\n    - name: s\n      format: csv\n      path: a.csv\n"
                   "      destination: t\n      Host: db.internal\n      contract:\n"
                   "        columns: [{name: a, type: integer}]\n        Password: x\n"
                   "input_ports: [{name: i, product: crm, port: customers}]\n");
  auto found = l.with("FLOE-C301");
  REQUIRE(found.size() == 2);
  CHECK(found[0].subject == "ingestion.sources[0].Host");
  CHECK(where(found[0]) == "floe.yaml:12:7");
  CHECK(found[0].message ==
        "'ingestion.sources[0].Host': endpoints and credentials belong to the platform manifest "
        "(plugins.<category>.config / secrets)");
  CHECK(found[1].subject == "ingestion.sources[0].contract.Password");
  CHECK(l.with("FLOE-C101").empty());  // not reported again as unknown keys
}

TEST_CASE("C302: cron expressions name the bad field and its range", "[product]") {
  auto l = product(kDataProductHead + "schedule: {cron: \"0 24 * * *\"}\n");
  auto d = l.one("FLOE-C302");
  CHECK(where(d) == "floe.yaml:6:18");
  CHECK(d.message == "invalid cron expression \"0 24 * * *\": field 2 (hour): 24 is outside 0-23");
  CHECK(d.expected == "hour: 0-23, '*', lists (a,b), ranges (a-b) and steps (*/n, a-b/n)");
}

TEST_CASE("C303: unknown time zones, with a suggestion", "[product]") {
  auto l = product(kDataProductHead + "schedule: {cron: \"0 6 * * *\", timezone: Europe/Berln}\n");
  auto d = l.one("FLOE-C303");
  CHECK(d.message == "unknown time zone \"Europe/Berln\"");
  CHECK(d.hint == "did you mean 'Europe/Berlin'?");
  CHECK(product(kDataProductHead + "schedule: {cron: \"0 6 * * *\", timezone: ../../etc/passwd}\n")
            .with("FLOE-C303")
            .size() == 1);
}

TEST_CASE("C303: a 4 MB time zone is refused at once, echoed only in part", "[product][bad-input]") {
  std::string huge(4 << 20, 'x');
  auto started = std::chrono::steady_clock::now();
  auto l = product(kDataProductHead + "schedule: {cron: \"0 6 * * *\", timezone: " + huge + "}\n");
  // Not a speed target: a did-you-mean over 4 MB x every zone name took 38 s.
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
  auto d = l.one("FLOE-C303");
  CHECK(d.message == "unknown time zone \"" + huge.substr(0, 64) + "... (4194304 bytes)\"");
  CHECK(d.hint == "see the TZ identifiers in the IANA tz database");
}

TEST_CASE("C308: an ingestion source path that leaves the project", "[product][bad-input]") {
  auto source = [](const std::string& path) {
    return kDataProductHead + "ingestion:\n  sources:\n    - {name: s, format: csv, path: \"" + path +
           "\", destination: raw_s, write_mode: replace}\n";
  };
  for (const char* path : {"../../x.csv", "landing/../../x.csv", ".."}) {
    INFO(path);
    auto l = product(source(path));
    auto d = l.one("FLOE-C308");
    CHECK(d.subject == "ingestion.sources[0].path");
  }
  // An absolute path is judged by the compile, against the platform's
  // landing roots (tests/run/run_test.cpp).
  for (const char* path : {"landing/x.csv", "landing/*.csv", "./a/../b.csv", "x..csv", "/etc/shadow"}) {
    INFO(path);
    CHECK(product(source(path)).with("FLOE-C308").empty());
  }
}

TEST_CASE("C304: duplicate source and port names", "[product]") {
  auto l = product(kDataProductHead +
                   "output_ports:\n  - {name: a, table: t1}\n  - {name: b, table: t2}\n  - {name: a, table: t3}\n");
  auto d = l.one("FLOE-C304");
  CHECK(where(d) == "floe.yaml:9:12");
  CHECK(d.message == "duplicate output port name 'a' (also output_ports[0], line 7)");
}

TEST_CASE("C305: only dbt transforms", "[product]") {
  auto l = product(edit(kDataProductHead, "transforms: [{type: dbt}]", "transforms: [{type: dbtt}, {type: spark}]"));
  auto found = l.with("FLOE-C305");
  REQUIRE(found.size() == 2);
  CHECK(found[0].hint == "did you mean 'dbt'?");
  CHECK(found[1].message == "unsupported transform type 'spark'");
  CHECK(where(found[1]) == "floe.yaml:5:35");
  CHECK(l.with("FLOE-C104").empty());
}

TEST_CASE("C306: merge without merge_keys", "[product]") {
  auto l = product(edit(kFullProduct, "      merge_keys: [order_id]\n", ""));
  auto d = l.one("FLOE-C306");
  CHECK(d.message == "source 'raw_orders' uses write_mode merge without merge_keys");
  CHECK(where(d) == "floe.yaml:22:19");
}

TEST_CASE("C307: SLA freshness must be an ISO-8601 duration", "[product]") {
  auto l = product(kDataProductHead + "slas: {freshness: 6h}\n");
  auto d = l.one("FLOE-C307");
  CHECK(where(d) == "floe.yaml:6:19");
  CHECK(d.message == "'slas.freshness' is \"6h\", which is not an ISO-8601 duration");
}

TEST_CASE("C003: a manifest given as a product", "[product]") {
  auto l = product(kEnterpriseManifest);
  REQUIRE(l.diags.items().size() == 1);
  auto d = l.one("FLOE-C003");
  CHECK(d.expected == "kind: DataProduct (or the alpha's FloeSpec)");
  CHECK(d.hint == "this file is a platform manifest (manifest.yaml); give it where that is expected");
}
