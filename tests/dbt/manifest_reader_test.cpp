// The streaming manifest reader on hand-made manifests: what is kept, how
// tests attach to models, chunk boundaries, and broken input (FLOE-D003).
#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "dbt/dbt_project.hpp"
#include "dbt/manifest_version.hpp"
#include "project_compare.hpp"
#include "temp_dir.hpp"

using floe::Diagnostics;
using floe::dbt::DbtProject;
using floe::dbt::read_dbt_manifest;
using floe::test::model_named;
using floe::test::TempDir;
using floe::test::write_file;

namespace {

const std::string kV12 = "https://schemas.getdbt.com/dbt/manifest/v12.json";

std::string metadata(const std::string& schema = kV12) {
  return R"("metadata": {"dbt_schema_version": ")" + schema +
         R"(", "dbt_version": "1.11.16", "project_name": "shop", "env": {}})";
}

const std::string kNodes = R"json("nodes": {
  "model.shop.orders": {"resource_type": "model", "name": "orders", "package_name": "shop",
    "original_file_path": "models/orders.sql", "patch_path": "shop://models/schema.yml",
    "description": "All orders.", "raw_code": "select * from {{ ref('customers') }} -- }} \" {",
    "tags": ["core"], "meta": {"owner": "a@b.c", "nested": {"list": [1, 2.5, "x", null, true], "o": {}}},
    "config": {"materialized": "incremental", "tags": ["core", "nightly"], "meta": {"owner": "team@b.c"},
               "docs": {"show": true}},
    "columns": {"order_id": {"name": "order_id", "description": "PK", "tags": ["key"],
                             "config": {"tags": ["key", "pk"], "meta": {}}},
                "amount": {"name": "amount", "description": "", "meta": {"unit": "EUR"}}},
    "depends_on": {"macros": ["macro.dbt.is_incremental"], "nodes": ["model.shop.customers", "source.shop.raw.orders"]},
    "refs": [{"name": "customers", "package": null, "version": null}, {"name": "vers", "package": "shop", "version": 2}],
    "sources": [["raw", "orders"]]},
  "model.shop.customers": {"resource_type": "model", "name": "customers", "package_name": "shop",
    "original_file_path": "models/customers.sql", "config": {"materialized": "view"},
    "refs": [["old_style"], ["pkg", "two_part"]], "sources": []},
  "model.other_pkg.package_model": {"resource_type": "model", "name": "package_model", "package_name": "other_pkg",
    "original_file_path": "models/package_model.sql", "config": {"materialized": "table"}},
  "seed.shop.countries": {"resource_type": "seed", "name": "countries", "package_name": "shop"},
  "test.shop.relationships_orders_customer_id__id__ref_customers_.abc": {"resource_type": "test",
    "name": "relationships_orders_customer_id__id__ref_customers_", "column_name": "customer_id",
    "attached_node": "model.shop.orders",
    "depends_on": {"nodes": ["model.shop.customers", "model.shop.orders"]},
    "test_metadata": {"name": "relationships", "kwargs": {"to": "ref('customers')", "field": "id"}, "namespace": null}},
  "test.shop.expr.def": {"resource_type": "test", "name": "dbt_utils_expression_is_true_orders_amount",
    "column_name": null, "attached_node": "model.shop.orders", "depends_on": {"nodes": ["model.shop.orders"]},
    "test_metadata": {"name": "expression_is_true", "namespace": "dbt_utils",
                      "kwargs": {"column_name": "amount", "expression": ">= 0"}}},
  "test.shop.not_null_customers_id.123": {"resource_type": "test", "name": "not_null_customers_id",
    "column_name": "id", "attached_node": null, "depends_on": {"nodes": ["model.shop.customers"]}},
  "test.shop.assert_positive_total": {"resource_type": "test", "name": "assert_positive_total",
    "depends_on": {"nodes": ["model.shop.orders", "model.shop.customers"]}},
  "test.shop.source_not_null_raw_orders_id.9": {"resource_type": "test", "name": "source_not_null_raw_orders_id",
    "column_name": "id", "attached_node": null, "depends_on": {"nodes": ["source.shop.raw.orders"]},
    "test_metadata": {"name": "not_null", "kwargs": {}, "namespace": null}}
})json";

const std::string kSources = R"("sources": {
  "source.shop.raw.orders": {"resource_type": "source", "source_name": "raw", "name": "orders", "package_name": "shop",
    "original_file_path": "models/sources.yml", "columns": {"id": {"name": "id"}}},
  "source.shop.raw.customers": {"resource_type": "source", "source_name": "raw", "name": "customers",
    "package_name": "shop", "original_file_path": "models/sources.yml"},
  "source.other_pkg.x.y": {"resource_type": "source", "source_name": "x", "name": "y", "package_name": "other_pkg"}
})";

std::string manifest_text() {
  return "{" + metadata() + ",\n" + kNodes + ",\n" + kSources +
         R"(, "macros": {"macro.dbt.x": {"name": "x", "macro_sql": "{% macro x() %}{% endmacro %}"}},
  "docs": {}, "exposures": {}, "metrics": {}, "disabled": {"model.shop.off": [{"resource_type": "model", "name": "off"}]},
  "parent_map": {"model.shop.orders": ["model.shop.customers"]}, "child_map": {}, "functions": {}})";
}

std::vector<std::string> test_strings(const floe::dbt::DbtModel& m) {
  std::vector<std::string> out;
  for (const auto& t : m.tests) out.push_back(t.type + "(" + t.column_name + ")");
  return out;
}

}  // namespace

TEST_CASE("manifest: models, columns, tests, refs and sources are kept", "[manifest]") {
  TempDir dir;
  write_file(dir.path() / "proj/target/manifest.json", manifest_text());
  DbtProject p;
  Diagnostics diags;
  REQUIRE(read_dbt_manifest(dir.str() + "/proj/target/manifest.json", p, diags));
  CHECK(diags.empty());
  CHECK(p.origin == "manifest");
  CHECK(p.name == "shop");
  CHECK(p.dbt_version == "1.11.16");
  CHECK(p.root == dir.str() + "/proj");
  REQUIRE(p.models.size() == 2);  // the seed, the package's model and the disabled model are not kept
  CHECK(p.models[0].name == "customers");

  const auto& orders = model_named(p, "orders");
  CHECK(orders.unique_id == "model.shop.orders");
  CHECK(orders.path == "models/orders.sql");
  CHECK(orders.where.file == dir.str() + "/proj/models/orders.sql");
  CHECK(orders.yml_where.file == dir.str() + "/proj/models/schema.yml");
  CHECK(orders.materialized == "incremental");
  CHECK(orders.description == "All orders.");
  CHECK(orders.tags == std::vector<std::string>{"core", "nightly"});
  CHECK(orders.meta.at("owner") == "\"team@b.c\"");  // config.meta wins
  CHECK(boost::json::parse(orders.meta.at("nested")) ==
        boost::json::parse(R"({"list": [1, 2.5, "x", null, true], "o": {}})"));
  REQUIRE(orders.columns.size() == 2);
  CHECK(orders.columns[0].name == "order_id");
  CHECK(orders.columns[0].description == "PK");
  CHECK(orders.columns[0].tags == std::vector<std::string>{"key", "pk"});
  CHECK(orders.columns[1].name == "amount");
  CHECK(orders.refs == std::vector<std::string>{"customers", "vers"});
  CHECK(orders.ref_locations.size() == 2);
  REQUIRE(orders.sources.size() == 1);
  CHECK(orders.sources[0].source_name == "raw");
  CHECK(orders.sources[0].table_name == "orders");
  // attached_node wins over depends_on (a relationships test lists both models);
  // a singular test attaches to the first model it depends on.
  CHECK(test_strings(orders) ==
        std::vector<std::string>{"singular()", "dbt_utils.expression_is_true(amount)", "relationships(customer_id)"});

  const auto& customers = model_named(p, "customers");
  CHECK(customers.refs == std::vector<std::string>{"old_style", "two_part"});
  CHECK(test_strings(customers) == std::vector<std::string>{"not_null(id)"});  // depends_on fallback, name prefix

  REQUIRE(p.sources.size() == 2);  // sorted; the package's source dropped
  CHECK(p.sources[0].table_name == "customers");
  CHECK(p.sources[1].table_name == "orders");
  CHECK(p.sources[1].where.file == dir.str() + "/proj/models/sources.yml");
}

TEST_CASE("manifest: strings and keys split across 1 MiB reads are intact", "[manifest]") {
  TempDir dir;
  const std::string path = dir.str() + "/manifest.json";
  const std::string head = "{" + metadata() + R"(, "nodes": {"model.shop.m": {"raw_code": ")";
  for (std::size_t shift = 0; shift < 12; ++shift) {
    // Padding puts the chunk boundary at a different place inside the kept key/value each time.
    const std::size_t pad = (std::size_t{1} << 20) - head.size() - 8 + shift;
    const std::string long_description(3 << 20, 'd');
    const std::string text = head + std::string(pad, 'x') +
                             R"(", "resource_type": "model", "name": "m", "package_name": "shop", "description": ")" +
                             long_description + R"(", "original_file_path": "models/m.sql"}}, "sources": {}})";
    write_file(path, text);
    DbtProject p;
    Diagnostics diags;
    REQUIRE(read_dbt_manifest(path, p, diags));
    REQUIRE(p.models.size() == 1);
    CHECK(p.models[0].name == "m");
    CHECK(p.models[0].path == "models/m.sql");
    CHECK(p.models[0].description == long_description);
  }
}

TEST_CASE("manifest: garbage, truncation and wrong versions are FLOE-D003, never a crash", "[manifest]") {
  TempDir dir;
  const std::string path = dir.str() + "/manifest.json";
  auto read = [&](const std::string& text, Diagnostics& diags) {
    write_file(path, text);
    DbtProject p;
    return read_dbt_manifest(path, p, diags);
  };

  SECTION("missing file") {
    DbtProject p;
    Diagnostics diags;
    CHECK_FALSE(read_dbt_manifest(dir.str() + "/nope.json", p, diags));
    REQUIRE(diags.items().size() == 1);
    CHECK(diags.items()[0].code == "FLOE-D003");
  }
  SECTION("garbage with its line") {
    Diagnostics diags;
    CHECK_FALSE(read("{\"metadata\": {}\n, \"nodes\": {] }", diags));
    REQUIRE(diags.items().size() == 1);
    CHECK(diags.items()[0].code == "FLOE-D003");
    CHECK(diags.items()[0].where.line == 2);
    CHECK(diags.items()[0].where.column == 13);
  }
  SECTION("not JSON, empty, wrong top level, trailing data") {
    for (const std::string& text : {std::string("PK\x03\x04 zip bytes"), std::string(), std::string("[1, 2]"),
                                   "{" + metadata() + "} {}", std::string("{\"nodes\": {}}")}) {
      CAPTURE(text);
      Diagnostics diags;
      CHECK_FALSE(read(text, diags));
      REQUIRE(diags.items().size() == 1);
      CHECK(diags.items()[0].code == "FLOE-D003");
    }
  }
  SECTION("every truncation point of a real-shaped manifest") {
    const std::string full = manifest_text();
    for (std::size_t cut = 0; cut < full.size(); cut += 7) {
      Diagnostics diags;
      CAPTURE(cut);
      CHECK_FALSE(read(full.substr(0, cut), diags));
      REQUIRE(diags.items().size() == 1);
      CHECK(diags.items()[0].code == "FLOE-D003");
    }
    Diagnostics diags;
    CHECK(read(full, diags));
  }
  SECTION("unsupported schema versions") {
    for (const char* version : {"https://schemas.getdbt.com/dbt/manifest/v7.json",
                                "https://schemas.getdbt.com/dbt/manifest/v13.json", "not-a-url"}) {
      Diagnostics diags;
      CHECK_FALSE(read("{" + metadata(version) + ", " + kNodes + "}", diags));
      REQUIRE(diags.items().size() == 1);
      CHECK(diags.items()[0].code == "FLOE-D003");
      CHECK(diags.items()[0].message.find("manifest") != std::string::npos);
    }
    Diagnostics diags;
    CHECK(read("{" + metadata("https://schemas.getdbt.com/dbt/manifest/v9.json") + "}", diags));
  }
}

TEST_CASE("manifest schema versions", "[manifest]") {
  using floe::dbt::manifest_schema_version;
  using floe::dbt::manifest_version_problem;
  CHECK(manifest_schema_version(kV12) == 12);
  CHECK(manifest_schema_version("https://schemas.getdbt.com/dbt/manifest/v9.json") == 9);
  CHECK(manifest_schema_version("https://schemas.getdbt.com/dbt/catalog/v1.json") == 0);
  CHECK(manifest_version_problem(kV12).empty());
  CHECK(manifest_version_problem("https://schemas.getdbt.com/dbt/manifest/v8.json") ==
        "unsupported manifest schema v8 (floe reads v9 to v12)");
}

namespace {

// Everything the reader keeps, as one comparable text.
std::string kept(const DbtProject& p) {
  std::string out = p.name + "|" + p.dbt_version + "\n";
  for (const auto& m : p.models) {
    out += m.unique_id + " " + m.path + " " + m.yml_where.file + " " + m.materialized + " " + m.description + " [";
    for (const auto& t : m.tags) out += t + ",";
    out += "] {";
    for (const auto& [k, v] : m.meta) out += k + "=" + v + ",";
    out += "} cols:";
    for (const auto& c : m.columns) {
      out += c.name + "/" + c.description + "/";
      for (const auto& t : c.tags) out += t + ".";
      out += ",";
    }
    out += " tests:";
    for (const auto& t : test_strings(m)) out += t + ",";
    out += " refs:";
    for (const auto& r : m.refs) out += r + ",";
    out += " sources:";
    for (const auto& s : m.sources) out += s.source_name + "." + s.table_name + ",";
    out += "\n";
  }
  for (const auto& s : p.sources) out += "source " + s.source_name + "." + s.table_name + " " + s.where.file + "\n";
  for (const auto& s : p.seeds) out += "seed " + s + "\n";
  return out;
}

std::string diagnostics_text(const Diagnostics& diags) {
  std::string out;
  for (const auto& d : diags.items())
    out += d.code + " " + d.message + " @" + std::to_string(d.where.line) + ":" + std::to_string(d.where.column) +
           " " + d.hint + "\n";
  return out;
}

// `n` nodes of each kind the reader keeps, in dbt's key order; metadata at
// the start or (as the JSON allows) at the end.
std::string many_nodes(int n, bool metadata_last) {
  std::string nodes = R"("nodes": {)";
  for (int i = 0; i < n; ++i) {
    const std::string m = "m" + std::to_string(i);
    if (i) nodes += ",\n";
    nodes += R"("model.shop.)" + m + R"(": {"resource_type": "model", "name": ")" + m +
             R"(", "package_name": "shop", "original_file_path": "models/)" + m +
             R"(.sql", "patch_path": "shop://models/schema.yml", "description": "Model )" + m +
             R"( \"quoted\" }, \"model.x.y\": {", "raw_code": "select 1 -- }, \"model.a.b\": {",
             "tags": ["t)" + std::to_string(i % 3) + R"("], "meta": {"n": )" + std::to_string(i) +
             R"(, "o": {"k": [1, "}, {"]}}, "config": {"materialized": "table", "meta": {"owner": "x"}},
             "columns": {"id": {"name": "id", "description": "PK", "tags": ["key"]}, "v": {"name": "v"}},
             "refs": [{"name": "m)" + std::to_string(i ? i - 1 : 0) + R"(", "package": null, "version": null}],
             "sources": [["raw", "orders"]], "depends_on": {"nodes": ["model.shop.m0"]}},
"test.shop.not_null_)" + m + R"(_id.1": {"resource_type": "test", "name": "not_null_)" + m +
             R"(_id", "column_name": "id", "attached_node": "model.shop.)" + m +
             R"(", "test_metadata": {"name": "not_null", "kwargs": {"column_name": "id"}, "namespace": null}})";
    if (i % 10 == 0) nodes += ",\n" R"("seed.shop.s)" + std::to_string(i) + R"(": {"resource_type": "seed", "name": "s)" +
                              std::to_string(i) + R"("})";
  }
  nodes += "}";
  const std::string rest = kSources + R"(, "parent_map": {"model.shop.m1": ["model.shop.m0"]}, "child_map": {})";
  return metadata_last ? "{" + nodes + ",\n" + rest + ",\n" + metadata() + "}"
                       : "{" + metadata() + ",\n" + nodes + ",\n" + rest + "}";
}

struct Read {
  bool ok = false;
  int threads = 0;
  DbtProject project;
  Diagnostics diags;
};

Read read_with(const std::string& path, std::uint64_t split_above) {
  Read r;
  r.ok = read_dbt_manifest(path, r.project, r.diags, {split_above, &r.threads});
  return r;
}

constexpr std::uint64_t kNeverSplit = ~std::uint64_t{0};

}  // namespace

TEST_CASE("manifest: two threads read what one reads", "[manifest]") {
  TempDir dir;
  const std::string path = dir.str() + "/proj/target/manifest.json";
  for (const bool metadata_last : {false, true}) {
    CAPTURE(metadata_last);
    write_file(path, many_nodes(300, metadata_last));
    const Read one = read_with(path, kNeverSplit);
    const Read two = read_with(path, 0);
    REQUIRE(one.ok);
    REQUIRE(two.ok);
    CHECK(one.threads == 1);
    CHECK(two.threads == 2);  // the middle of `nodes` was found, the guess confirmed
    CHECK(one.project.models.size() == 300);
    CHECK(one.project.seeds.size() == 30);
    CHECK(kept(two.project) == kept(one.project));
    CHECK(diagnostics_text(two.diags) == diagnostics_text(one.diags));
  }
}

TEST_CASE("manifest: a wrong guess of the middle costs the second thread, not the result", "[manifest]") {
  TempDir dir;
  const std::string path = dir.str() + "/manifest.json";
  // One node whose columns' keys look like node keys (`}, "model.x.c7": {`):
  // the guess lands inside it, the first thread finds out and reads on alone.
  std::string columns;
  for (int i = 0; i < 2000; ++i)
    columns += std::string(i ? ", " : "") + R"("model.x.c)" + std::to_string(i) + R"(": {"name": "c)" +
               std::to_string(i) + R"(", "description": "d"})";
  write_file(path, "{" + metadata() + R"(, "nodes": {"model.shop.wide": {"resource_type": "model", "name": "wide",
      "package_name": "shop", "original_file_path": "models/wide.sql", "columns": {)" + columns + "}}}}");
  const Read one = read_with(path, kNeverSplit);
  const Read two = read_with(path, 0);
  REQUIRE(one.ok);
  REQUIRE(two.ok);
  CHECK(two.threads == 1);
  REQUIRE(two.project.models.size() == 1);
  CHECK(two.project.models[0].columns.size() == 2000);
  CHECK(kept(two.project) == kept(one.project));
}

TEST_CASE("manifest: broken input read by two threads gets the serial reader's diagnostics", "[manifest]") {
  TempDir dir;
  const std::string path = dir.str() + "/manifest.json";
  const std::string full = many_nodes(40, false);
  std::vector<std::string> broken;
  for (std::size_t cut = full.size() / 3; cut < full.size(); cut += 97) broken.push_back(full.substr(0, cut));
  const std::size_t late = full.rfind("\"model.shop.m3");  // a syntax error, a bad escape, trailing data late in the file
  broken.push_back(full.substr(0, late) + "]" + full.substr(late));
  broken.push_back(full.substr(0, late) + "\"\\x\": 1, " + full.substr(late));
  broken.push_back(full + " {}");
  broken.push_back(full.substr(0, late) + "\"\xff\": 1, " + full.substr(late));  // not UTF-8
  for (const auto& text : broken) {
    CAPTURE(text.size());
    write_file(path, text);
    const Read one = read_with(path, kNeverSplit);
    const Read two = read_with(path, 0);
    CHECK_FALSE(one.ok);
    CHECK_FALSE(two.ok);
    REQUIRE(one.diags.items().size() == 1);
    CHECK(one.diags.items()[0].code == "FLOE-D003");
    CHECK(diagnostics_text(two.diags) == diagnostics_text(one.diags));
  }
}
