// The dbt-fusion plugin. Its units on logs the real Fusion binary wrote
// (tests/fixtures/dbt-logs/fusion-*.jsonl: dbt 2.0.0rc196 from PyPI, which
// logs as dbt-fusion 2.0.0-preview.196, on tests/fixtures/run-product/shop
// and DuckDB), the engine check, the lookup; then the plugin itself driving
// the real Fusion binary on real DuckDB files through the C ABI (models,
// a failing model, failing tests, cancel, a missing binary, dbt-core
// refused), and `floe run` with plugins.dbt.type: fusion. The binary and
// its DuckDB driver come from scripts/install-dbt-fusion (scripts/bootstrap
// runs it); without them the real tests fail saying so.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <cstdlib>
#include <fstream>
#include <thread>

#include "base/child_process.hpp"
#include "compile_test_support.hpp"
#include "dbt_log_events.hpp"
#include "dbt_messages.hpp"
#include "fusion_invocation.hpp"
#include "fusion_locator.hpp"
#include "plugin_harness.hpp"
#include "run_results.hpp"
#include "temp_dir.hpp"

using namespace floe::dbt_fusion;
using namespace floe::dbt_common;
using floe::test::PluginCall;
using floe::test::PluginHarness;
using floe::test::TempDir;
using floe::test::write_file;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

const std::string kFusionHome = FLOE_TEST_FUSION_HOME;
const std::string kFusion = kFusionHome + "/venv/bin/dbt";
const std::string kDrivers = kFusionHome + "/adbc";

std::vector<json::object> read_log(const std::string& fixture, DbtLogReader& reader) {
  std::vector<json::object> events;
  std::ifstream log(std::string(FLOE_TEST_SOURCE_DIR) + "/tests/fixtures/dbt-logs/" + fixture);
  REQUIRE(log);
  for (std::string line; std::getline(log, line);)
    for (auto& e : reader.read_line(line)) events.push_back(std::move(e));
  return events;
}

std::vector<json::object> of_type(const std::vector<json::object>& events, const char* type) {
  std::vector<json::object> out;
  for (const auto& e : events)
    if (e.at("type") == type) out.push_back(e);
  return out;
}

void make_executable(const fs::path& p, const std::string& content) {
  write_file(p, content);
  fs::permissions(p, fs::perms::owner_all);
}

// Sets an environment variable for one scope.
struct ScopedEnv {
  std::string name;
  std::optional<std::string> old;
  ScopedEnv(std::string n, const std::string& value) : name(std::move(n)) {
    if (const char* v = std::getenv(name.c_str())) old = v;
    ::setenv(name.c_str(), value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (old)
      ::setenv(name.c_str(), old->c_str(), 1);
    else
      ::unsetenv(name.c_str());
  }
};

}  // namespace

TEST_CASE("Fusion's JSON log becomes node_started and node_finished events", "[dbt-fusion]") {
  DbtLogReader reader;
  auto events = read_log("fusion-build.jsonl", reader);
  CHECK(reader.engine() == "dbt-fusion");
  CHECK(reader.dbt_version() == "2.0.0-preview.196");
  CHECK_FALSE(reader.invocation_id().empty());
  auto started = of_type(events, "node_started");
  auto finished = of_type(events, "node_finished");
  REQUIRE(started.size() == 3);
  REQUIRE(finished.size() == 3);
  CHECK(started[0].at("unique_id") == "seed.shop.raw_orders");
  CHECK(finished[1].at("unique_id") == "model.shop.bronze_orders");
  CHECK(finished[1].at("materialized") == "view");
  CHECK(finished[1].at("status") == "success");
  CHECK(finished[1].at("relation") == "shop.main.bronze_orders");
  CHECK(finished[2].at("execution_time").as_double() > 0);
  CHECK(fusion_engine_problem(reader, "/x/dbt").empty());
}

TEST_CASE("a failing model in Fusion's log: its result, and its error without the backtrace", "[dbt-fusion]") {
  DbtLogReader reader;
  auto events = read_log("fusion-build-error.jsonl", reader);
  bool broken_failed = false;
  for (const auto& e : of_type(events, "node_finished"))
    if (e.at("unique_id") == "model.shop.broken") broken_failed = e.at("status") == "error";
  CHECK(broken_failed);
  REQUIRE_FALSE(reader.errors().empty());
  std::string summary = error_summary(reader.errors());
  CHECK(summary.find("Binder Error: Referenced column \"no_such_column\" not found") != std::string::npos);
  CHECK(summary.find("<unknown>") == std::string::npos);  // Fusion's backtrace is cut
  CHECK(summary.find("start_thread") == std::string::npos);
}

TEST_CASE("a failing test in Fusion's log and its run_results.json", "[dbt-fusion]") {
  DbtLogReader reader;
  auto events = read_log("fusion-test-failure.jsonl", reader);
  int failed = 0, passed = 0;
  for (const auto& e : of_type(events, "node_finished")) {
    CHECK(e.at("resource_type") == "test");
    failed += e.at("status") == "fail";
    passed += e.at("status") == "pass";
  }
  CHECK(failed == 1);
  CHECK(passed == 5);
  std::string why;
  auto results = read_run_results(std::string(FLOE_TEST_SOURCE_DIR) + "/tests/fixtures/dbt-logs/fusion-test-run_results.json",
                                  reader.invocation_id(), why);
  INFO(why);
  REQUIRE(results);
  CHECK(results->tests_run == 6);
  CHECK(results->failures == 1);
}

TEST_CASE("dbt-core's log is not Fusion's: the engine check says which dbt it is", "[dbt-fusion]") {
  DbtLogReader reader;
  read_log("build-two-models.jsonl", reader);
  std::string problem = fusion_engine_problem(reader, "/venv/bin/dbt");
  CHECK(problem.find("/venv/bin/dbt is dbt 1.11.16, not dbt Fusion") != std::string::npos);
  CHECK(problem.find("plugins.dbt.type: core") != std::string::npos);
}

TEST_CASE("Fusion is looked up as configured, then dbtf, the virtualenvs and PATH, binaries only", "[dbt-fusion]") {
  TempDir tmp;
  const std::string elf = std::string("\x7f" "ELF", 4) + "not really a program";
  std::string project = (tmp.path() / "project").string();
  std::string venv = (tmp.path() / "venv").string();
  fs::create_directories(tmp.path() / "path");
  ScopedEnv path("PATH", (tmp.path() / "path").string());

  auto nothing = locate_fusion("", venv, project);
  CHECK(nothing.path.empty());
  CHECK(nothing.tried.size() == 4);  // dbtf, $VIRTUAL_ENV, the project's .venv, PATH
  std::string message = fusion_not_found_message(nothing);
  CHECK(message.find("pip install dbt==2.0.0rc196") != std::string::npos);
  CHECK(message.find("plugins.dbt.config.executable") != std::string::npos);

  // dbt-core's dbt is a Python script: passed over, and said so.
  make_executable(tmp.path() / "venv/bin/dbt", "#!/usr/bin/python3\n");
  auto script = locate_fusion("", venv, project);
  CHECK(script.path.empty());
  CHECK(script.tried[1].find("is a script (dbt-core?)") != std::string::npos);

  make_executable(tmp.path() / "path/dbt", elf);
  CHECK(locate_fusion("", venv, project).path == (tmp.path() / "path/dbt").string());
  make_executable(tmp.path() / "project/.venv/bin/dbt", elf);
  CHECK(locate_fusion("", venv, project).path == project + "/.venv/bin/dbt");
  make_executable(tmp.path() / "venv/bin/dbt", elf);
  CHECK(locate_fusion("", venv, project).path == venv + "/bin/dbt");
  make_executable(tmp.path() / "path/dbtf", elf);
  CHECK(locate_fusion("", venv, project).path == (tmp.path() / "path/dbtf").string());

  // A configured executable is taken as given (the run checks it is Fusion), with no fallback.
  CHECK(locate_fusion(venv + "/bin/dbt", venv, project).path == venv + "/bin/dbt");
  auto configured = locate_fusion((tmp.path() / "nowhere/dbt").string(), venv, project);
  CHECK(configured.path.empty());
  CHECK(configured.tried.size() == 1);
}

// ---- the plugin with the real Fusion binary --------------------------------

namespace {

PluginHarness& fusion_plugin() {
  static PluginHarness harness(FLOE_DBT_FUSION_PLUGIN);
  return harness;
}

// A copy of tests/fixtures/run-product/shop with a DuckDB profile of its own.
struct ShopProject {
  TempDir tmp;
  fs::path dir = tmp.path() / "shop";
  fs::path profiles = tmp.path() / "profiles";
  fs::path database = tmp.path() / "shop.duckdb";
  ShopProject() {
    floe::test::copy_tree(fs::path(FLOE_TEST_SOURCE_DIR) / "tests/fixtures/run-product/shop", dir);
    write_file(profiles / "profiles.yml", "shop:\n  target: floe\n  outputs:\n    floe:\n      type: duckdb\n      path: " +
                                              database.string() + "\n      threads: 2\n");
  }
  json::object request(json::object extra = {}) const {
    json::object r{{"project_dir", dir.string()}, {"profiles_dir", profiles.string()}, {"target", "floe"}};
    for (auto& [k, v] : extra) r[k] = v;
    return r;
  }
};

PluginCall configure_fusion(json::object extra = {}) {
  REQUIRE(fs::exists(kFusion));  // scripts/install-dbt-fusion (run by scripts/bootstrap) installs it
  json::object config{{"executable", kFusion}, {"adbc_driver_path", json::array{kDrivers}}, {"cancel_grace_seconds", 2}};
  for (auto& [k, v] : extra) config[k] = v;
  return fusion_plugin().configure(json::serialize(config));
}

json::object call_ok(const std::string& method, const json::object& request) {
  auto r = fusion_plugin().call(method, json::serialize(request));
  INFO(r.body);
  REQUIRE(r.status == FLOE_OK);
  return json::parse(r.body).as_object();
}

std::vector<json::object> emitted(const char* type) {
  std::vector<json::object> out;
  for (const auto& text : fusion_plugin().events()) {
    auto e = json::parse(text).as_object();
    if (e.at("type") == type) out.push_back(std::move(e));
  }
  return out;
}

std::string query(const fs::path& database, const std::string& sql) {
  auto r = floe::test::run_process(std::string(FLOE_TEST_VENV) + "/bin/python",
                                   {"-c", "import duckdb, sys; c = duckdb.connect(sys.argv[1], read_only=True); "
                                          "print(c.sql(sys.argv[2]).fetchall())",
                                    database.string(), sql});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return r.out.substr(0, r.out.find_last_not_of('\n') + 1);
}

}  // namespace

TEST_CASE("real Fusion: run_models builds the seed and models on DuckDB, node by node", "[dbt-fusion][fusion-real]") {
  ShopProject shop;
  REQUIRE(configure_fusion().status == FLOE_OK);
  fusion_plugin().events().clear();
  auto response = call_ok("run_models", shop.request({{"command", "build"},
                                                      {"resource_types", json::array{"model", "seed", "snapshot"}}}));
  CHECK(response.at("success") == true);
  CHECK(response.at("dbt_version") == "2.0.0-preview.196");
  CHECK(response.at("models_run") == 2);
  CHECK(response.at("failures") == 0);
  CHECK(response.at("nodes").as_array().size() == 3);
  CHECK(fs::exists(std::string(response.at("run_results_path").as_string())));
  CHECK(fs::exists(std::string(response.at("manifest_path").as_string())));
  CHECK(emitted("node_started").size() == 3);
  auto finished = emitted("node_finished");
  REQUIRE(finished.size() == 3);
  for (const auto& e : finished) CHECK(e.at("status") == "success");
  CHECK(query(shop.database, "select count(*), sum(order_count) from main.silver_customer_totals") == "[(3, 5)]");

  auto tests = call_ok("test_models", shop.request());
  CHECK(tests.at("success") == true);
  CHECK(tests.at("tests_run") == 5);
  auto meta = call_ok("get_runtime_metadata", {});
  CHECK(meta.at("dbt_version") == "2.0.0-preview.196");
  CHECK(meta.at("executable") == kFusion.c_str());
  auto health = json::parse(fusion_plugin().call("health_check", "{}").body);
  CHECK(health.at("state") == "healthy");
}

TEST_CASE("real Fusion: a failing model and a failing test are results, not errors", "[dbt-fusion][fusion-real]") {
  ShopProject shop;
  write_file(shop.dir / "models/broken.sql", "select no_such_column from {{ ref('bronze_orders') }}\n");
  REQUIRE(configure_fusion().status == FLOE_OK);
  fusion_plugin().events().clear();
  auto built = call_ok("run_models", shop.request({{"command", "build"},
                                                   {"resource_types", json::array{"model", "seed", "snapshot"}}}));
  CHECK(built.at("success") == false);
  CHECK(built.at("failures") == 1);
  std::string error(built.at("error").as_string());
  CHECK(error.find("no_such_column") != std::string::npos);
  CHECK(error.find("<unknown>") == std::string::npos);
  bool reported = false;
  for (const auto& e : emitted("node_finished"))
    reported |= e.at("unique_id") == "model.shop.broken" && e.at("status") == "error";
  CHECK(reported);

  write_file(shop.dir / "tests/no_big_customers.sql",
             "select * from {{ ref('silver_customer_totals') }} where total_amount > 1\n");
  auto tested = call_ok("test_models", shop.request({{"select", json::array{"silver_customer_totals"}}}));
  CHECK(tested.at("success") == false);
  CHECK(tested.at("failures") == 1);
}

TEST_CASE("real Fusion: cancel stops the binary and keeps what finished", "[dbt-fusion][fusion-real]") {
  ShopProject shop;
  // A hundred billion rows, each computed (a plain count(*) DuckDB answers
  // without them): far longer than the test waits.
  write_file(shop.dir / "models/slow.sql",
             "{{ config(materialized='table') }}\n"
             "select sum((a.range * b.range) % 7) as n from range(1000000) a, range(100000) b\n");
  REQUIRE(configure_fusion().status == FLOE_OK);
  auto& harness = fusion_plugin();
  harness.cancel() = false;
  std::thread stopper([&harness] {
    std::this_thread::sleep_for(std::chrono::seconds(4));
    harness.cancel() = true;
  });
  auto started = std::chrono::steady_clock::now();
  auto r = harness.call("run_models", json::serialize(shop.request({{"command", "build"}})));
  auto took = std::chrono::steady_clock::now() - started;
  stopper.join();
  harness.cancel() = false;
  INFO(r.body);
  CHECK(r.status == FLOE_ERR_CANCELLED);
  CHECK(r.body.find("was stopped on request") != std::string::npos);
  CHECK(took < std::chrono::seconds(4 + 2 * 2 + 5));  // the grace twice, and slack for a loaded machine
  CHECK(query(shop.database, "select count(*) from main.raw_orders") == "[(5,)]");  // the seed ran before
}

TEST_CASE("real Fusion: a missing binary and dbt-core are refused with what to do", "[dbt-fusion][fusion-real]") {
  ShopProject shop;
  REQUIRE(configure_fusion({{"executable", (shop.tmp.path() / "no-such-dbt").string()}}).status == FLOE_OK);
  auto missing = fusion_plugin().call("run_models", json::serialize(shop.request()));
  CHECK(missing.status == FLOE_ERR_NOT_FOUND);
  CHECK(missing.body.find("dbt Fusion is not installed where floe looked") != std::string::npos);
  auto unhealthy = json::parse(fusion_plugin().call("health_check", "{}").body);
  CHECK(unhealthy.at("state") == "unhealthy");

  // dbt-core says which dbt it is in its first log line, then fails at once on a missing profile.
  REQUIRE(configure_fusion({{"executable", std::string(FLOE_TEST_VENV) + "/bin/dbt"}}).status == FLOE_OK);
  fs::create_directories(shop.tmp.path() / "empty");
  auto no_profile = shop.request({{"profiles_dir", (shop.tmp.path() / "empty").string()}});
  auto core = fusion_plugin().call("run_models", json::serialize(no_profile));
  CHECK(core.status == FLOE_ERR_NOT_FOUND);
  INFO(core.body);
  CHECK(core.body.find("is dbt 1.11.16, not dbt Fusion") != std::string::npos);
}

TEST_CASE("real Fusion: floe run with plugins.dbt.type fusion builds and tests the product", "[dbt-fusion][fusion-real]") {
  REQUIRE(fs::exists(kFusion));
  TempDir tmp;
  floe::test::copy_tree(fs::path(FLOE_TEST_SOURCE_DIR) / "tests/fixtures/run-product", tmp.path());
  auto manifest = tmp.path() / "platform/manifest.yaml";
  std::string text = floe::test::read_file(manifest);
  text.replace(text.find("plugins:\n"), 9,
               "plugins:\n  dbt:\n    type: fusion\n    config:\n      executable: " + kFusion +
                   "\n      adbc_driver_path: [" + kDrivers + "]\n");
  write_file(manifest, text);
  auto r = floe::test::run_floe({"run", (tmp.path() / "shop/floe.yaml").string(), "--json"}, {{"PATH", "/usr/bin:/bin"}});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  auto report = json::parse(r.out);
  auto record = json::parse(floe::test::read_file(tmp.path() / "shop/target/floe_run.json"));
  CHECK(record.at("status") == "success");
  int nodes = 0;
  for (const auto& step : record.at("steps").as_array())
    if (step.at("name") == "transform") nodes = static_cast<int>(step.at("nodes").as_array().size());
  CHECK(nodes == 3);
  CHECK(query(tmp.path() / "shop/warehouse/shop.duckdb", "select count(*) from main.silver_customer_totals") == "[(3,)]");
}
