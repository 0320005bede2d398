// The quality-great-expectations plugin through its C ABI, driving real
// Great Expectations (the project virtualenv's, scripts/requirements.txt)
// on real DuckDB tables: a dbt manifest's tests and an output port's
// contract become expectations; failing rows fail them with the platform's
// severity; what Great Expectations cannot express is judged from dbt's
// results; and the refusals (no Great Expectations, another compute).
//
// One program (one ctest): Great Expectations takes seconds to import, so
// the data is validated once and the cases read that one answer.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "plugin_harness.hpp"
#include "run_process.hpp"
#include "temp_dir.hpp"

using floe::test::PluginHarness;
using floe::test::TempDir;
using floe::test::write_file;
namespace json = boost::json;

namespace {

const std::string venv_python = std::string(FLOE_TEST_VENV) + "/bin/python";

// orders: order 2 twice, a null status, an 'unknown' status, customer 9
// without a customer row. customers: clean.
const char* kTables = R"py(
import duckdb, sys
c = duckdb.connect(sys.argv[1])
c.execute("create schema main_gold")
c.execute("create table main_gold.customers as select * from (values (1, 'a@x'), (2, 'b@x'), (3, 'c@x')) t(customer_id, email)")
c.execute("""create table main_gold.orders as select * from (values
  (1, 1, 'placed'), (2, 1, 'shipped'), (2, 2, 'shipped'), (3, 3, null), (4, 9, 'unknown'), (5, 2, 'placed'))
  t(order_id, customer_id, status)""")
c.close()
)py";

std::string test_node(const std::string& id, const std::string& kind, const std::string& model,
                      const std::string& kwargs, const std::string& depends) {
  return "\"" + id + "\": {\"resource_type\": \"test\", \"test_metadata\": {\"name\": \"" + kind +
         "\", \"kwargs\": " + kwargs + "}, \"attached_node\": \"" + model + "\", \"depends_on\": {\"nodes\": [" +
         depends + "]}}";
}

std::string manifest() {
  const std::string orders = "model.shop.orders", customers = "model.shop.customers";
  return R"({"nodes": {
    "model.shop.orders": {"resource_type": "model", "name": "orders", "schema": "main_gold", "alias": "orders"},
    "model.shop.customers": {"resource_type": "model", "name": "customers", "schema": "main_gold", "alias": "customers"},
    )" + test_node("test.shop.not_null_orders_order_id", "not_null", orders, R"({"column_name": "order_id"})",
                   "\"" + orders + "\"") +
         ",\n" +
         test_node("test.shop.unique_orders_order_id", "unique", orders, R"({"column_name": "order_id"})",
                   "\"" + orders + "\"") +
         ",\n" +
         test_node("test.shop.accepted_values_orders_status", "accepted_values", orders,
                   R"({"column_name": "status", "values": ["placed", "shipped"]})", "\"" + orders + "\"") +
         ",\n" +
         test_node("test.shop.relationships_orders_customer_id", "relationships", orders,
                   R"j({"column_name": "customer_id", "to": "ref('customers')", "field": "customer_id"})j",
                   "\"" + customers + "\", \"" + orders + "\"") +
         ",\n" +
         test_node("test.shop.not_null_customers_email", "not_null", customers, R"({"column_name": "email"})",
                   "\"" + customers + "\"") +
         R"(,
    "test.shop.assert_totals_positive": {"resource_type": "test", "attached_node": null, "depends_on": {"nodes": ["model.shop.orders"]}}
  }, "sources": {}})";
}

// dbt's statuses: only the singular test's is used (GX cannot run it).
const char* kRunResults = R"({"results": [
  {"unique_id": "test.shop.not_null_orders_order_id", "status": "pass"},
  {"unique_id": "test.shop.unique_orders_order_id", "status": "fail", "message": "Got 1 result"},
  {"unique_id": "test.shop.accepted_values_orders_status", "status": "fail"},
  {"unique_id": "test.shop.relationships_orders_customer_id", "status": "fail"},
  {"unique_id": "test.shop.not_null_customers_email", "status": "pass"},
  {"unique_id": "test.shop.assert_totals_positive", "status": "fail", "message": "Got 2 results"},
  {"unique_id": "model.shop.orders", "status": "success"}]})";

const char* kPorts = R"([{"name": "orders", "table": "orders", "contract": {"columns": [
  {"name": "order_id", "type": "integer", "required": true},
  {"name": "status", "type": "string", "required": true},
  {"name": "discount", "type": "decimal", "required": false}]}}])";

struct Fixture {
  TempDir dir;
  std::string database, manifest_path, results_path;
  Fixture() {
    database = (dir.path() / "shop.duckdb").string();
    write_file(dir.path() / "tables.py", kTables);
    auto made = floe::test::run_process(venv_python, {(dir.path() / "tables.py").string(), database});
    if (made.exit_code != 0) FAIL("cannot make the DuckDB tables with " << venv_python << ": " << made.err);
    manifest_path = (dir.path() / "manifest.json").string();
    results_path = (dir.path() / "run_results.json").string();
    write_file(manifest_path, manifest());
    write_file(results_path, kRunResults);
  }
  std::string request(const std::string& connection) const {
    return json::serialize(json::object{
        {"suite_name", "shop"},
        {"data_source", results_path},
        {"options", json::object{{"manifest_path", manifest_path},
                                 {"project_dir", dir.str()},
                                 {"connection", json::parse(connection)},
                                 {"output_ports", json::parse(kPorts)}}}});
  }
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

PluginHarness& harness() {
  static PluginHarness h(FLOE_QUALITY_GX_PLUGIN);
  return h;
}

// The one validation of real data, shared by the cases below.
const json::object& validated() {
  static json::object answer = [] {
    auto configured = harness().configure(
        json::serialize(json::object{{"python", venv_python}, {"severity", {{"accepted_values", "warn"}}}}));
    REQUIRE(configured.status == FLOE_OK);
    auto called = harness().call(
        "run_checks", fixture().request(R"({"type": "duckdb", "database": ")" + fixture().database + "\"}"));
    INFO(called.body);
    REQUIRE(called.status == FLOE_OK);
    return json::parse(called.body).as_object();
  }();
  return answer;
}

const json::object& check(const std::string& name) {
  for (const auto& c : validated().at("checks").as_array())
    if (c.at("name").as_string() == name) return c.as_object();
  FAIL("no check " << name << " in " << json::serialize(validated()));
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("great_expectations: the dbt tests validated on the DuckDB tables, failing rows counted", "[quality-gx]") {
  const auto& answer = validated();
  CHECK(answer.at("suite_name") == "shop");
  CHECK(answer.at("engine_version") == "1.24.1");
  CHECK(answer.at("passed") == false);  // the unique and relationships failures are errors

  CHECK(check("test.shop.not_null_orders_order_id").at("passed") == true);
  CHECK(check("test.shop.not_null_orders_order_id").at("model") == "model.shop.orders");
  const auto& unique = check("test.shop.unique_orders_order_id");
  CHECK(unique.at("passed") == false);
  CHECK(unique.at("severity") == "error");
  CHECK(unique.at("engine") == "great_expectations");
  CHECK(unique.at("message") == "2 of 6 row(s) unexpected");  // both rows of order 2
  // The null status is not counted (as dbt's accepted_values), 'unknown' is.
  const auto& accepted = check("test.shop.accepted_values_orders_status");
  CHECK(accepted.at("passed") == false);
  CHECK(accepted.at("severity") == "warn");
  CHECK(accepted.at("message") == "1 of 6 row(s) unexpected");
  // customer 9 is not in customers, read from the same database.
  const auto& related = check("test.shop.relationships_orders_customer_id");
  CHECK(related.at("passed") == false);
  CHECK(related.at("message") == "1 of 6 row(s) unexpected");
  CHECK(check("test.shop.not_null_customers_email").at("passed") == true);
  // No row value is reported (they may be personal data).
  CHECK(json::serialize(answer).find("unknown") == std::string::npos);
}

TEST_CASE("great_expectations: the output port's contract, and what only dbt could judge", "[quality-gx]") {
  CHECK(check("port.orders.order_id.exists").at("passed") == true);
  CHECK(check("port.orders.order_id.not_null").at("passed") == true);
  CHECK(check("port.orders.order_id.not_null").at("check_type") == "contract_required");
  const auto& status = check("port.orders.status.not_null");
  CHECK(status.at("passed") == false);
  CHECK(status.at("message") == "1 of 6 row(s) unexpected");
  const auto& discount = check("port.orders.discount.exists");
  CHECK(discount.at("passed") == false);
  CHECK(discount.at("check_type") == "contract_column");
  CHECK_FALSE(validated().at("checks").as_array().end() !=
              std::find_if(validated().at("checks").as_array().begin(), validated().at("checks").as_array().end(),
                           [](const json::value& c) { return c.at("name") == "port.orders.discount.not_null"; }));

  const auto& singular = check("test.shop.assert_totals_positive");
  CHECK(singular.at("engine") == "dbt");
  CHECK(singular.at("check_type") == "singular");
  CHECK(singular.at("passed") == false);
  CHECK(std::string(singular.at("message").as_string()).find("Got 2 results") != std::string::npos);

  auto score = harness().call("calculate_quality_score",
                              json::serialize(json::object{{"results", validated().at("checks")}}));
  REQUIRE(score.status == FLOE_OK);
  auto scored = json::parse(score.body).as_object();
  CHECK(scored.at("warning") == true);
  CHECK(scored.at("score").as_double() < 95);
}

TEST_CASE("great_expectations: refusals before and without the engine", "[quality-gx]") {
  validated();  // the configured instance
  // Another compute's connection.
  auto other = harness().call("run_checks", fixture().request(R"({"type": "snowflake"})"));
  CHECK(other.status == FLOE_ERR_UNSATISFIED);
  CHECK_THAT(other.body, Catch::Contains("the platform's compute is 'snowflake'"));
  // A database not built yet.
  auto absent = harness().call("run_checks", fixture().request(R"({"type": "duckdb", "database": ")" +
                                                               fixture().dir.str() + "/none.duckdb\"}"));
  CHECK(absent.status == FLOE_ERR_NOT_FOUND);
  CHECK_THAT(absent.body, Catch::Contains("no DuckDB database at"));
  // A Python without Great Expectations: the error names the install step.
  TempDir bare;
  auto made = floe::test::run_process("/usr/bin/python3", {"-m", "venv", "--without-pip", bare.str() + "/venv"});
  REQUIRE(made.exit_code == 0);
  REQUIRE(harness().configure(json::serialize(json::object{{"python", bare.str() + "/venv/bin/python"}})).status ==
          FLOE_OK);
  auto missing = harness().call("run_checks", fixture().request(R"({"type": "duckdb", "database": ")" +
                                                                fixture().database + "\"}"));
  CHECK(missing.status == FLOE_ERR_NOT_FOUND);
  CHECK_THAT(missing.body, Catch::Contains("Great Expectations is not installed for") &&
                               Catch::Contains("pip install great_expectations==1.24.1"));
  // A relative interpreter path is a configuration error.
  CHECK(harness().configure(R"({"python": "venv/bin/python"})").status == FLOE_ERR_INVALID_CONFIG);
}
