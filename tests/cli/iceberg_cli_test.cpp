// `floe iceberg ls | show | expire` through the floe executable, on a product
// whose platform selects the rest catalog plugin pointed at Apache Iceberg's
// REST server (one per test program). The table's old snapshots are made by
// pyiceberg (iceberg_old_snapshots.py); pyiceberg also checks what expire did.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "compile_test_support.hpp"
#include "iceberg_rest_fixture.hpp"
#include "temp_dir.hpp"

namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace floe::test;

// The run tests' shop product on a platform with a REST catalog and the
// given governance lines.
struct Product {
  TempDir tmp;
  explicit Product(const std::string& catalog_uri, const std::string& governance) {
    copy_tree(fs::path(FLOE_TEST_SOURCE_DIR) / "tests/fixtures/run-product", tmp.path());
    std::ofstream(tmp.path() / "platform/manifest.yaml") << fmt::format(R"(apiVersion: floe.dev/v1
kind: Manifest
metadata:
  name: lake-platform
  version: 1.0.0
plugins:
  compute:
    type: duckdb
    config:
      path: warehouse/shop.duckdb
  catalog:
    type: rest
    config:
      uri: {}
      timeout_ms: 5000
governance:
{}
)",
                                                                        catalog_uri, governance);
  }
  std::string floe_yaml() const { return (tmp.path() / "shop/floe.yaml").string(); }
};

// Creates <table> with snapshots 10 and 9 days old (the older tagged 'audit')
// and one of now.
void make_old_table(const std::string& table) {
  auto made = run_process(venv_python(), {(fs::path(FLOE_TEST_SOURCE_DIR) / "tests/cli/iceberg_old_snapshots.py").string(),
                                          IcebergRestServer::shared().uri(), table});
  INFO(made.err);
  REQUIRE(made.exit_code == 0);
  REQUIRE(made.out == "3 ['audit', 'main']\n");
}

json::value report_of(const ProcessResult& r) {
  INFO(r.err);
  return json::parse(r.out);
}

}  // namespace

TEST_CASE("floe iceberg: ls, show and expire of a product's tables by the platform's retention") {
  auto& server = IcebergRestServer::shared();
  Product product(server.uri(), "  data_retention_days: 3\n  snapshot_keep_last: 1\n");
  make_old_table("shop.orders");

  auto ls = run_floe({"iceberg", "ls", "-f", product.floe_yaml()});
  INFO(ls.out << ls.err);
  REQUIRE(ls.exit_code == 0);
  CHECK(ls.out.find("catalog rest, namespace shop: 1 table") != std::string::npos);
  CHECK(ls.out.find("  shop.orders\n") != std::string::npos);

  auto show = run_floe({"iceberg", "show", "shop.orders", "-f", product.floe_yaml()});
  INFO(show.out << show.err);
  REQUIRE(show.exit_code == 0);
  CHECK(show.out.find("shop.orders  (format v2, 3 snapshots") != std::string::npos);
  CHECK(show.out.find("  audit  tag  1000") != std::string::npos);
  CHECK(show.out.find("retention: data_retention_days 3 (platform, ") != std::string::npos);
  CHECK(show.out.find("manifest.yaml:17)") != std::string::npos);

  // Another platform given with --platform: its retention applies, and the report names its file and line.
  fs::path other = product.tmp.path() / "other" / "manifest.yaml";
  fs::create_directories(other.parent_path());
  std::string text = read_file(product.tmp.path() / "platform" / "manifest.yaml");
  text.replace(text.find("name: lake-platform"), 19, "name: other-platform");
  text.replace(text.find("data_retention_days: 3"), 22, "data_retention_days: 7");
  write_file(other, text);
  auto shown_other = run_floe({"iceberg", "show", "shop.orders", "-f", product.floe_yaml(), "--platform", other.string()});
  INFO(shown_other.out << shown_other.err);
  REQUIRE(shown_other.exit_code == 0);
  CHECK(shown_other.out.find("retention: data_retention_days 7 (platform, " + other.string() + ":17)") != std::string::npos);

  // Dry run: the untagged old snapshot would go, the tagged one stays (said).
  auto plan = run_floe({"iceberg", "expire", "--dry-run", "--json", "-f", product.floe_yaml()});
  auto report = report_of(plan);
  REQUIRE(plan.exit_code == 0);
  const auto& planned = report.at("result").at("tables").as_array();
  REQUIRE(planned.size() == 1);
  CHECK(planned[0].at("committed") == false);
  const auto& removed = planned[0].at("plan").at("remove").as_array();
  REQUIRE(removed.size() == 1);
  CHECK(removed[0].at("snapshot_id") == 1001);
  // The platform selects no storage: the expired snapshots' files stay, and
  // the report says so once (FLOE-W111).
  CHECK(codes(report, "note") == std::vector<std::string>{"FLOE-W111", "FLOE-W106"});
  CHECK(plan.out.find("the expired snapshots' files stay in the storage: the platform selects no storage plugin") !=
        std::string::npos);

  auto expired = run_floe({"iceberg", "expire", "-f", product.floe_yaml()});
  INFO(expired.out << expired.err);
  REQUIRE(expired.exit_code == 0);
  CHECK(expired.out.find("shop.orders: removed 1 snapshot, 2 kept") != std::string::npos);
  CHECK(expired.err.find("FLOE-W106") != std::string::npos);
  auto seen = run_process(venv_python(), {"-c", "from pyiceberg.catalog import load_catalog\n"
                                                "t = load_catalog('t', type='rest', uri='" + server.uri() +
                                                    "').load_table('shop.orders')\n"
                                                "print(sorted(s.snapshot_id for s in t.metadata.snapshots)[:2])\n"});
  CHECK(seen.out.rfind("[1000, ", 0) == 0);
  CHECK(seen.out.find("1001") == std::string::npos);
}

TEST_CASE("floe iceberg: a table outside the product's namespace, no retention, no catalog, a catalog down") {
  auto& server = IcebergRestServer::shared();
  Product product(server.uri(), "  data_retention_days: 3\n");
  auto outside = run_floe({"iceberg", "expire", "other.orders", "--json", "-f", product.floe_yaml()});
  CHECK(outside.exit_code == 3);
  CHECK(codes(report_of(outside)) == std::vector<std::string>{"FLOE-W104"});

  Product no_retention(server.uri(), "  audit_logging: enabled\n");
  auto nothing = run_floe({"iceberg", "expire", "--json", "-f", no_retention.floe_yaml()});
  CHECK(nothing.exit_code == 0);
  CHECK(codes(report_of(nothing), "note") == std::vector<std::string>{"FLOE-W105"});

  Product down("http://127.0.0.1:9/api/catalog", "  data_retention_days: 3\n");
  auto unreachable = run_floe({"iceberg", "ls", "-f", down.floe_yaml()});
  CHECK(unreachable.exit_code == 6);
  CHECK(unreachable.err.find("FLOE-W103") != std::string::npos);
  CHECK(unreachable.err.find("http://127.0.0.1:9/api/catalog") != std::string::npos);

  TempDir tmp;
  copy_tree(fs::path(FLOE_TEST_SOURCE_DIR) / "tests/fixtures/run-product", tmp.path());
  auto no_catalog = run_floe({"iceberg", "ls", "--json", "-f", (tmp.path() / "shop/floe.yaml").string()});
  CHECK(no_catalog.exit_code == 3);
  CHECK(codes(report_of(no_catalog)) == std::vector<std::string>{"FLOE-W101"});
}
