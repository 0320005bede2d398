// The quality-dbt plugin's units: dbt test results judged with a severity
// per kind of test (from manifest.json, else from the test's name), and the
// score.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "floe/plugin.hpp"
#include "temp_dir.hpp"
#include "test_results.hpp"

using namespace floe::quality_dbt;
using floe::quality_common::parse_quality_config;
using floe::quality_common::quality_score;
using floe::test::TempDir;
using floe::test::write_file;
namespace json = boost::json;

namespace {

const char* kRunResults = R"({"metadata": {"invocation_id": "i"}, "results": [
  {"unique_id": "test.shop.not_null_orders_id.1a", "status": "pass", "message": null},
  {"unique_id": "test.shop.unique_orders_customer_id.2b", "status": "fail", "message": "Got 2 results"},
  {"unique_id": "test.shop.accepted_values_orders_status__a__b.3c", "status": "fail", "message": "Got 1 result"},
  {"unique_id": "test.shop.assert_positive_totals", "status": "pass", "message": null},
  {"unique_id": "model.shop.orders", "status": "success", "message": "OK"}]})";

const char* kManifest = R"({"nodes": {
  "test.shop.unique_orders_customer_id.2b": {"test_metadata": {"name": "unique"}, "attached_node": "model.shop.orders"},
  "test.shop.accepted_values_orders_status__a__b.3c": {"test_metadata": {"name": "accepted_values"},
                                                       "attached_node": "model.shop.orders"},
  "test.shop.assert_positive_totals": {"attached_node": null}}})";

}  // namespace

TEST_CASE("failing tests take the severity of their kind, and only error failures fail the suite", "[quality-dbt]") {
  TempDir tmp;
  write_file(tmp.path() / "run_results.json", kRunResults);
  write_file(tmp.path() / "manifest.json", kManifest);
  QualityConfig config = parse_quality_config(json::parse(R"({"severity": {"accepted_values": "warn"}})").as_object());

  Judged judged = judge_test_results((tmp.path() / "run_results.json").string(),
                                     (tmp.path() / "manifest.json").string(), config);
  REQUIRE(judged.checks.size() == 4);  // the model is not a check
  CHECK_FALSE(judged.passed);          // the unique failure is an error
  CHECK(judged.checks[1].at("check_type") == "unique");
  CHECK(judged.checks[1].at("severity") == "error");
  CHECK(judged.checks[1].at("model") == "model.shop.orders");
  CHECK(judged.checks[2].at("severity") == "warn");
  CHECK(judged.checks[3].at("check_type") == "singular");
  CHECK(quality_score(judged.checks) == Approx(50.0));

  // Without a manifest the kind comes from the name; unique as warn passes the suite.
  config = parse_quality_config(json::parse(R"({"severity": {"unique": "warn", "accepted_values": "info"}})").as_object());
  judged = judge_test_results((tmp.path() / "run_results.json").string(), "", config);
  CHECK(judged.passed);
  CHECK(judged.checks[1].at("check_type") == "unique");
  CHECK(quality_score(judged.checks) == Approx(200.0 / 3));  // info does not weigh
}

TEST_CASE("unreadable results are a clear error", "[quality-dbt]") {
  TempDir tmp;
  QualityConfig config;
  CHECK_THROWS_WITH(judge_test_results((tmp.path() / "absent.json").string(), "", config),
                    Catch::Contains("cannot be read"));
  write_file(tmp.path() / "bad.json", "[1,2");
  CHECK_THROWS_AS(judge_test_results((tmp.path() / "bad.json").string(), "", config), floe::sdk::error);
  CHECK(quality_score(json::array{}) == Approx(100.0));
}
