// floe run and floe test through the floe executable, with real dbt-core and
// dbt-duckdb (the project virtualenv) on real DuckDB files: the whole run,
// failing models, failing tests under blocking and non-blocking gates, a
// missing dbt, two runs of one product, Ctrl-C half way, selection, and no
// secret in any output.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

#include "background_run.hpp"
#include "compile_test_support.hpp"
#include "temp_dir.hpp"

using namespace floe::test;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

const std::string kVenv = FLOE_TEST_VENV;

// A copy of tests/fixtures/run-product (platform/ and shop/) per test.
struct Product {
  TempDir tmp;
  fs::path dir = tmp.path() / "shop";
  Product() { copy_tree(fs::path(FLOE_TEST_SOURCE_DIR) / "tests/fixtures/run-product", tmp.path()); }
  std::string file() const { return (dir / "floe.yaml").string(); }
  fs::path database() const { return dir / "warehouse" / "shop.duckdb"; }
  // The platform lands files with dlt.
  void select_dlt() const {
    fs::path manifest = tmp.path() / "platform" / "manifest.yaml";
    std::string platform = read_file(manifest);
    platform.replace(platform.find("plugins:\n"), 9, "plugins:\n  ingestion:\n    type: dlt\n");
    write_file(manifest, platform);
  }
  json::value record() const { return json::parse(read_file(dir / "target" / "floe_run.json")); }
};

// The environment a data engineer has: the virtualenv's bin on PATH (so
// dbt is found there), no VIRTUAL_ENV.
std::map<std::string, std::string> tool_env(std::map<std::string, std::string> extra = {}) {
  REQUIRE(fs::exists(kVenv + "/bin/dbt"));  // scripts/bootstrap makes it; without it these tests cannot pass
  extra.emplace("PATH", kVenv + "/bin:/usr/local/bin:/usr/bin:/bin");
  extra.emplace("VIRTUAL_ENV", "");
  return extra;
}

ProcessResult floe_with_dbt(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
  return run_floe(args, tool_env(std::move(env)));
}

// Rows of a query against the product's DuckDB file, as DuckDB prints them.
std::string query(const fs::path& database, const std::string& sql) {
  auto r = run_process(kVenv + "/bin/python",
                       {"-c", "import duckdb, sys; c = duckdb.connect(sys.argv[1], read_only=True); "
                              "print(c.sql(sys.argv[2]).fetchall())",
                        database.string(), sql});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return r.out.substr(0, r.out.find_last_not_of('\n') + 1);
}

const json::object* step(const json::value& record, const std::string& name) {
  for (const auto& s : record.at("steps").as_array())
    if (s.at("name") == name.c_str()) return &s.as_object();
  return nullptr;
}

std::string step_status(const json::value& record, const std::string& name) {
  const json::object* s = step(record, name);
  return s != nullptr ? std::string(s->at("status").as_string()) : "(no such step)";
}

bool has_code(const json::value& report, const std::string& code, const std::string& text = "") {
  for (const auto& d : report.at("diagnostics").as_array())
    if (d.at("code") == code.c_str() && std::string(d.at("message").as_string()).find(text) != std::string::npos)
      return true;
  return false;
}

json::value report_of(const ProcessResult& r) {
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  json::value report;
  REQUIRE_NOTHROW(report = json::parse(r.out));
  return report;
}

}  // namespace

TEST_CASE("floe run compiles, builds every model with real dbt and runs the tests", "[run]") {
  Product p;
  auto r = floe_with_dbt({"run", p.file(), "--events"});
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  REQUIRE(r.exit_code == 0);

  // The events: the run, its steps, and one node_finished per dbt node.
  std::string events = r.out;
  CHECK(events.find(R"("type":"run_started")") != std::string::npos);
  CHECK(events.find(R"("unique_id":"model.shop.bronze_orders")") != std::string::npos);
  CHECK(events.find(R"("unique_id":"seed.shop.raw_orders")") != std::string::npos);
  CHECK(events.find(R"("type":"run_finished")") != std::string::npos);
  json::value report = json::parse(events.substr(events.rfind("\n{", events.size() - 2) + 1));
  CHECK(report.at("type") == "report");
  CHECK(report.at("outcome") == "ok");

  // The data is there, built by dbt in the product's own DuckDB file.
  CHECK(query(p.database(), "select customer_id, order_count from main.silver_customer_totals order by 1") ==
        "[(10, 2), (11, 2), (12, 1)]");

  // floe's record and dbt's own results.
  json::value record = p.record();
  CHECK(record.at("status") == "success");
  CHECK(record.at("operation") == "run");
  CHECK(record.at("platform").at("name") == "run-platform");
  CHECK(std::string(record.at("platform").at("source_hash").as_string()).rfind("sha256:", 0) == 0);
  CHECK(step_status(record, "compile") == "success");
  CHECK(step_status(record, "transform") == "success");
  CHECK(step_status(record, "quality") == "success");
  // One dbt build ran the seed, the two models and the five tests (the
  // gates block, so the tests go into the build); the quality step judged
  // that build's tests without starting dbt again.
  CHECK(step(record, "transform")->at("nodes").as_array().size() == 8);
  CHECK(step(record, "transform")->at("summary").at("nodes_ok") == 3);
  CHECK(step(record, "quality")->at("summary").at("tests_passed") == 5);
  CHECK(step(record, "quality")->at("summary").at("in_build") == true);
  CHECK(step(record, "quality")->at("summary").at("tool_seconds").is_null());
  CHECK(fs::exists(p.dir / "target" / "run_results.json"));
  CHECK(record.at("artifacts").at("dbt_run_results").at("sha256").as_string().size() == 71);

  // floe test on the data just built: the same five tests. dbt rewrote
  // target/manifest.json, which the compile reads, so a `floe compile`
  // compiles again; the test that follows reuses that compile.
  auto recompiled = floe_with_dbt({"compile", p.file()});
  INFO(recompiled.out << recompiled.err);
  REQUIRE(recompiled.exit_code == 0);
  auto t = floe_with_dbt({"test", p.file(), "--json"});
  json::value test_report = report_of(t);
  INFO(json::serialize(test_report));
  CHECK(t.exit_code == 0);
  CHECK(test_report.at("result").at("operation") == "test");
  CHECK(step(test_report.at("result"), "transform") == nullptr);
  CHECK(step(test_report.at("result"), "quality")->at("summary").at("tests_passed") == 5);
  CHECK(step(test_report.at("result"), "compile")->at("summary").at("from_cache") == true);
  CHECK(step(record, "compile")->at("summary").at("from_cache") == false);
}

TEST_CASE("a model that fails stops the run at that node and keeps every other result", "[run]") {
  Product p;
  write_file(p.dir / "models" / "bronze_orders.sql", "select order_id, customer_id, amount from {{ ref('raw_orders') }}\n");
  write_file(p.dir / "models" / "bronze_refunds.sql", "select order_id, no_such_column from {{ ref('raw_orders') }}\n");
  auto r = floe_with_dbt({"run", p.file(), "--json"});
  json::value report = report_of(r);
  CHECK(r.exit_code == 10);
  CHECK(report.at("outcome") == "run_failure");
  REQUIRE(has_code(report, "FLOE-X104", "model.shop.bronze_refunds failed"));
  const json::object* d = find_diagnostic(report, "FLOE-X104");
  CHECK(std::string(d->at("file").as_string()).find("models/bronze_refunds.sql") != std::string::npos);

  json::value record = report.at("result");
  CHECK(record.at("status") == "failed");
  CHECK(step_status(record, "transform") == "failed");
  CHECK(step_status(record, "quality") == "skipped");
  CHECK(p.record() == record);  // what target/floe_run.json says
  // The models that did not depend on the broken one were built.
  CHECK(query(p.database(), "select count(*) from main.silver_customer_totals") == "[(3,)]");
}

// Issue 34 item 16: text from outside reaches the terminal through the
// progress lines too (here DuckDB's error, which dbt passes on, carries an
// escape sequence that would clear the screen): every byte of it arrives
// escaped, on stdout and stderr; the JSON report keeps the text as it was.
TEST_CASE("control characters in dbt's messages reach the terminal escaped, in progress lines and diagnostics", "[run]") {
  Product p;
  write_file(p.dir / "models" / "bronze_refunds.sql",
             "{{ config(materialized='table') }}\n"
             "select error('refund ' || chr(27) || '[2J' || chr(13) || 'rewritten') as order_id\n");
  auto r = floe_with_dbt({"run", p.file()}, {{"NO_COLOR", "1"}});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 10);
  CHECK(r.out.find('\x1b') == std::string::npos);
  CHECK(r.err.find('\x1b') == std::string::npos);
  CHECK(r.err.find('\r') == std::string::npos);
  CHECK(r.out.find("model.shop.bronze_refunds") != std::string::npos);
  // The engine's error, under found: (it used to be cut off after dbt's first line).
  CHECK(r.err.find("found:    Invalid Input Error: refund \\x1B[2J\\x0Drewritten") != std::string::npos);
  auto json_run = floe_with_dbt({"run", p.file(), "--json"});
  CHECK(json::serialize(report_of(json_run)).find("refund \\u001b[2J\\rrewritten") != std::string::npos);
}

TEST_CASE("failing data tests fail the run when the gates block, and warn when they do not", "[run]") {
  Product p;
  // customer_id is not unique in bronze_orders: a failing unique test.
  write_file(p.dir / "models" / "schema.yml", read_file(p.dir / "models" / "schema.yml") +
                                                   "  - name: bronze_customers_seen\n"
                                                   "    description: Every order's customer.\n"
                                                   "    columns:\n"
                                                   "      - name: customer_id\n"
                                                   "        description: The customer.\n"
                                                   "        data_tests: [unique]\n"
                                                   "  - name: silver_customers_seen\n"
                                                   "    description: Each customer once.\n"
                                                   "    columns:\n"
                                                   "      - name: customer_id\n"
                                                   "        description: The customer.\n"
                                                   "        data_tests: [unique, not_null]\n");
  write_file(p.dir / "models" / "bronze_customers_seen.sql", "select customer_id from {{ ref('raw_orders') }}\n");
  // A model downstream of the failing test.
  write_file(p.dir / "models" / "silver_customers_seen.sql",
             "{{ config(materialized='table') }}\nselect distinct customer_id from {{ ref('bronze_customers_seen') }}\n");
  auto r = floe_with_dbt({"run", p.file(), "--json"});
  json::value report = report_of(r);
  CHECK(r.exit_code == 11);
  CHECK(report.at("outcome") == "test_failure");
  CHECK(has_code(report, "FLOE-X105", "unique_bronze_customers_seen_customer_id"));
  CHECK(step_status(report.at("result"), "quality") == "failed");
  // The gates block: the tests ran in the transform's dbt build, which
  // skipped the model downstream of the failed test (a failed run publishes
  // nothing, so nothing is lost) and built the rest.
  CHECK(step(report.at("result"), "quality")->at("summary").at("in_build") == true);
  CHECK(step_status(report.at("result"), "transform") == "success");
  CHECK(step(report.at("result"), "transform")->at("summary").at("nodes_skipped") == 1);
  CHECK(query(p.database(),
              "select count(*) from information_schema.tables where table_name = 'silver_customers_seen'") == "[(0,)]");
  CHECK(query(p.database(), "select count(*) from main.silver_customer_totals") == "[(3,)]");

  // block_on_failure: false turns the same failure into a warning, and the
  // tests run after every model is built (dbt test), so the downstream model
  // is built too.
  fs::path manifest = p.tmp.path() / "platform" / "manifest.yaml";
  std::string text = read_file(manifest);
  text.replace(text.find("block_on_failure: true"), 22, "block_on_failure: false");
  write_file(manifest, text);
  auto run = floe_with_dbt({"run", p.file(), "--json"});
  json::value ran = report_of(run);
  CHECK(run.exit_code == 0);
  CHECK(step(ran.at("result"), "quality")->at("summary").at("in_build") == false);
  CHECK(step(ran.at("result"), "transform")->at("summary").at("nodes_skipped") == 0);
  CHECK(query(p.database(), "select count(*) from main.silver_customers_seen") == "[(3,)]");
  REQUIRE(find_diagnostic(ran, "FLOE-X105") != nullptr);
  CHECK(find_diagnostic(ran, "FLOE-X105")->at("severity") == "warning");

  auto w = floe_with_dbt({"test", p.file(), "--json"});
  json::value warned = report_of(w);
  CHECK(w.exit_code == 0);
  CHECK(warned.at("outcome") == "ok");
  REQUIRE(find_diagnostic(warned, "FLOE-X105") != nullptr);
  CHECK(find_diagnostic(warned, "FLOE-X105")->at("severity") == "warning");
}

TEST_CASE("without dbt installed the run says where it looked and how to install it", "[run]") {
  Product p;
  auto r = run_floe({"run", p.file(), "--json"}, {{"PATH", "/usr/bin:/bin"}, {"VIRTUAL_ENV", ""}});
  json::value report = report_of(r);
  CHECK(r.exit_code == 5);
  CHECK(report.at("outcome") == "plugin_failure");
  REQUIRE(has_code(report, "FLOE-X102", "dbt is not installed where floe looked"));
  std::string message(find_diagnostic(report, "FLOE-X102")->at("message").as_string());
  CHECK(message.find("dbt in PATH") != std::string::npos);
  CHECK(message.find("pip install dbt-core") != std::string::npos);
  CHECK(step_status(report.at("result"), "transform") == "failed");
}

TEST_CASE("a second run of the same product is refused while the first holds it, or waits with --wait", "[run]") {
  Product p;
  fs::create_directories(p.dir / "target");
  // O_CLOEXEC: the floe processes this test starts must not inherit the lock.
  int fd = open((p.dir / "target" / ".floe_run.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  REQUIRE(fd >= 0);
  REQUIRE(flock(fd, LOCK_EX) == 0);
  REQUIRE(write(fd, "pid 4242, run test, since now\n", 30) == 30);

  auto r = floe_with_dbt({"run", p.file(), "--json"});
  json::value report = report_of(r);
  CHECK(r.exit_code == 12);
  CHECK(report.at("outcome") == "busy");
  CHECK(has_code(report, "FLOE-X107", "pid 4242"));
  CHECK_FALSE(fs::exists(p.dir / "target" / "compiled_artifacts.json"));  // nothing touched
  // The text report says so too (it once ended in "unexpected failure: out of range").
  auto text = floe_with_dbt({"run", p.file()});
  CHECK(text.exit_code == 12);
  CHECK((text.out + text.err).find("another floe run of this product is in progress") != std::string::npos);
  CHECK((text.out + text.err).find("unexpected failure") == std::string::npos);

  BackgroundRun waiting({"run", p.file(), "--wait", "--json"}, tool_env());
  std::this_thread::sleep_for(std::chrono::seconds(2));
  CHECK_FALSE(fs::exists(p.dir / "target" / "compiled_artifacts.json"));  // still waiting
  close(fd);  // releases the lock
  CHECK(waiting.wait() == 0);
  CHECK(p.record().at("status") == "success");
}

namespace {

// A model that keeps DuckDB busy for minutes, after the fast ones: a run
// to interrupt while dbt is in the middle of it.
void add_slow_model(const Product& p) {
  write_file(p.dir / "models" / "silver_slow.sql",
             "{{ config(materialized='table') }}\n"
             "select count(*) as n from {{ ref('silver_customer_totals') }}, range(100000000000)\n");
  write_file(p.dir / "models" / "schema.yml", read_file(p.dir / "models" / "schema.yml") +
                                                   "  - name: silver_slow\n"
                                                   "    description: Slow.\n"
                                                   "    columns:\n"
                                                   "      - name: n\n"
                                                   "        description: A count.\n"
                                                   "        data_tests: [not_null, unique]\n");
}

}  // namespace

TEST_CASE("Ctrl-C stops dbt, keeps what finished, records the run as cancelled and exits 130", "[run]") {
  Product p;
  add_slow_model(p);
  BackgroundRun run({"run", p.file(), "--events"}, tool_env());
  REQUIRE(run.wait_for_line(R"("type":"node_started")"));
  REQUIRE(run.wait_for_line(R"("unique_id":"model.shop.silver_slow")"));
  auto interrupted_at = std::chrono::steady_clock::now();
  run.signal(SIGINT);
  int code = run.wait();
  INFO(run.output());
  CHECK(code == 130);
  CHECK(std::chrono::steady_clock::now() - interrupted_at < std::chrono::seconds(60));
  json::value record = p.record();
  CHECK(record.at("status") == "cancelled");
  CHECK(record.at("outcome") == "interrupted");
  CHECK(step_status(record, "quality") == "skipped");
  // The models that finished before Ctrl-C are built and recorded.
  CHECK(query(p.database(), "select count(*) from main.silver_customer_totals") == "[(3,)]");
  bool recorded = false;
  for (const auto& n : step(record, "transform")->at("nodes").as_array())
    recorded = recorded || n.at("unique_id") == "model.shop.silver_customer_totals";
  CHECK(recorded);
  // dbt is gone: nothing holds the database any more.
  // ([d]bt: the pattern must not match the shell that runs pgrep.)
  auto ps = run_process("/bin/sh", {"-c", "pgrep -f '[d]bt build --project-dir " + p.dir.string() + "' || true"});
  CHECK(ps.out.empty());
}

TEST_CASE("the --timeout deadline stops a run as Ctrl-C does: FLOE-L001, exit 124, recorded", "[run][timeout]") {
  Product p;
  add_slow_model(p);
  auto started = std::chrono::steady_clock::now();
  ProcessResult r = floe_with_dbt({"run", p.file(), "--json", "--timeout", "12"});
  INFO("stderr: " << r.err);
  CHECK(r.exit_code == 124);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(75));  // the deadline, then dbt's cancel
  json::value report = report_of(r);
  CHECK(report.at("outcome") == "timed_out");
  CHECK(has_code(report, "FLOE-L001", "deadline (12 s) passed"));
  CHECK_FALSE(has_code(report, "FLOE-X106"));  // not "stopped on request"
  json::value record = p.record();
  CHECK(record.at("status") == "cancelled");
  CHECK(record.at("outcome") == "timed_out");
  auto ps = run_process("/bin/sh", {"-c", "pgrep -f '[d]bt build --project-dir " + p.dir.string() + "' || true"});
  CHECK(ps.out.empty());
}

TEST_CASE("selection: dbt selectors pass through, ingestion: items pick sources", "[run]") {
  Product p;
  auto r = floe_with_dbt({"run", p.file(), "--select", "+bronze_orders", "--json"});
  json::value report = report_of(r);
  CHECK(r.exit_code == 0);
  const json::object* transform = step(report.at("result"), "transform");
  REQUIRE(transform != nullptr);
  // The seed and the model with the model's two tests (the build runs the
  // selected nodes' tests), not silver.
  std::set<std::string> built;  // test ids end in a hash: named up to it
  for (const auto& node : transform->at("nodes").as_array()) {
    std::string id(node.at("unique_id").as_string());
    built.insert(id.rfind("test.", 0) == 0 ? id.substr(0, id.rfind('.')) : id);
  }
  CHECK(built == std::set<std::string>{"seed.shop.raw_orders", "model.shop.bronze_orders",
                                       "test.shop.unique_bronze_orders_order_id",
                                       "test.shop.not_null_bronze_orders_order_id"});
  CHECK(transform->at("nodes").at(0).at("unique_id") == "seed.shop.raw_orders");
  CHECK(step(report.at("result"), "quality")->at("summary").at("tests_passed") == 2);
  CHECK(report.at("result").at("selection").at("select") == json::array{"+bronze_orders"});

  // Only ingestion sources selected: no dbt step runs at all.
  auto i = floe_with_dbt({"run", p.file(), "--select", "ingestion:nothing", "--json"});
  json::value only_sources = report_of(i);
  CHECK(step(only_sources.at("result"), "transform") == nullptr);
  CHECK(step(only_sources.at("result"), "quality") == nullptr);
}

TEST_CASE("floe run --changed builds only what changed since the last successful run, and its downstream", "[run]") {
  Product p;
  auto built_nodes = [](const json::value& report) {
    std::set<std::string> built;  // test ids end in a hash: named up to it
    for (const auto& node : step(report.at("result"), "transform")->at("nodes").as_array()) {
      std::string id(node.at("unique_id").as_string());
      built.insert(id.rfind("test.", 0) == 0 ? id.substr(0, id.rfind('.')) : id);
    }
    return built;
  };
  // No successful run yet: everything runs, and it becomes the state.
  json::value first = report_of(floe_with_dbt({"run", p.file(), "--changed", "--json"}));
  REQUIRE(first.at("outcome") == "ok");
  CHECK(step(first.at("result"), "transform")->at("summary").at("changed_only") == false);
  CHECK(built_nodes(first).count("model.shop.bronze_orders") == 1);
  CHECK(fs::exists(p.dir / "target" / "floe_state" / "manifest.json"));

  // One model's SQL changes: it and its tests run, nothing upstream.
  fs::path silver = p.dir / "models" / "silver_customer_totals.sql";
  write_file(silver, read_file(silver) + "-- the edit\n");
  json::value second = report_of(floe_with_dbt({"run", p.file(), "--changed", "--json"}));
  REQUIRE(second.at("outcome") == "ok");
  CHECK(step(second.at("result"), "transform")->at("summary").at("changed_only") == true);
  CHECK(built_nodes(second) == std::set<std::string>{"model.shop.silver_customer_totals",
                                                     "test.shop.unique_silver_customer_totals_customer_id",
                                                     "test.shop.not_null_silver_customer_totals_customer_id",
                                                     "test.shop.not_null_silver_customer_totals_total_amount"});

  // Nothing changed since: nothing is built.
  json::value third = report_of(floe_with_dbt({"run", p.file(), "--changed", "--json"}));
  REQUIRE(third.at("outcome") == "ok");
  CHECK(built_nodes(third).empty());

  // A failed run is no state: the next --changed run tries the change again.
  std::string good = read_file(silver);
  write_file(silver, "select nonsense from nowhere\n");
  CHECK(floe_with_dbt({"run", p.file(), "--changed", "--json"}).exit_code != 0);
  write_file(silver, good + "-- fixed\n");
  json::value fixed = report_of(floe_with_dbt({"run", p.file(), "--changed", "--json"}));
  REQUIRE(fixed.at("outcome") == "ok");
  CHECK(built_nodes(fixed).count("model.shop.silver_customer_totals") == 1);
  CHECK(built_nodes(fixed).count("model.shop.bronze_orders") == 0);
}

TEST_CASE("a secret the profile reads reaches dbt but no output, log or record", "[run]") {
  Product p;
  // A DuckDB setting that takes any string (a directory DuckDB only uses
  // when it spills) stands in for a password: the profile reads it through
  // env_var(), the run fills the variable from the file.
  const std::string secret = "/tmp/s3cr3t-planted-9f2c";
  write_file(p.tmp.path() / "secret.txt", secret + "\n");
  fs::path manifest = p.tmp.path() / "platform" / "manifest.yaml";
  std::string text = read_file(manifest);
  text.replace(text.find("      threads: 2\n"), 17,
               fmt::format("      threads: 2\n    secrets:\n      temp_directory: {{file: {}}}\n",
                           (p.tmp.path() / "secret.txt").string()));
  write_file(manifest, text);
  auto r = floe_with_dbt({"run", p.file(), "--events"});
  INFO(r.out << r.err);
  // dbt got the variable: without it, it stops at the profile (Env var required but not provided).
  CHECK(r.exit_code == 0);
  CHECK(r.out.find(secret) == std::string::npos);
  CHECK(r.err.find(secret) == std::string::npos);
  for (const auto& entry : fs::recursive_directory_iterator(p.dir / "target"))
    if (entry.is_regular_file()) CHECK(read_file(entry.path()).find(secret) == std::string::npos);
  for (const auto& entry : fs::recursive_directory_iterator(p.dir / "logs"))
    if (entry.is_regular_file()) CHECK(read_file(entry.path()).find(secret) == std::string::npos);

  // Without the file the profile's variable cannot be filled: refused before dbt runs.
  fs::remove(p.tmp.path() / "secret.txt");
  auto missing = floe_with_dbt({"run", p.file(), "--json"});
  json::value report = report_of(missing);
  CHECK(missing.exit_code == 3);
  CHECK(has_code(report, "FLOE-X108", "FLOE_SECRET_FILE_TEMP_DIRECTORY"));
  CHECK(step(report.at("result"), "transform")->at("status") == "skipped");
}

TEST_CASE("customer-360 runs end to end, twice: dlt lands four files, dbt builds nine models, 88 tests pass",
          "[run][e2e]") {
  TempDir tmp;
  copy_tree(examples_dir(), tmp.path() / "examples");
  fs::path product = tmp.path() / "examples" / "customer-360";
  // The example platform's Marquez (http://marquez:5000) is not here: no
  // lookup of it. Nor is its Polaris: --local builds into the DuckDB file.
  auto r = floe_with_dbt({"run", (product / "floe.yaml").string(), "--local", "--json"},
                         {{"OPENLINEAGE_DISABLED", "true"}});
  json::value report = report_of(r);
  REQUIRE(r.exit_code == 0);
  json::value record = report.at("result");
  for (const char* source : {"crm_customers", "shop_orders", "psp_payments", "helpdesk_tickets"})
    CHECK(step_status(record, std::string("ingestion:") + source) == "success");
  CHECK(step(record, "ingestion:crm_customers")->at("summary").at("rows_loaded").as_int64() > 0);
  CHECK(step(record, "transform")->at("summary").at("nodes_ok") == 9);
  CHECK(step(record, "quality")->at("summary").at("tests_passed") == 88);
  fs::path db = product / "warehouse" / "sales.duckdb";
  CHECK(query(db, "select count(*) > 0 from raw.raw_customers") == "[(True,)]");
  CHECK(query(db, "select count(*) from main_gold.gold_customer_360") ==
        query(db, "select count(*) from raw.raw_customers"));

  // The next day's run finds the same landing files: nothing is doubled
  // (psp_payments appends, and its unique test would fail), everything passes.
  const std::string payments = query(db, "select count(*) from raw.raw_payments");
  auto again = floe_with_dbt({"run", (product / "floe.yaml").string(), "--local", "--json"},
                             {{"OPENLINEAGE_DISABLED", "true"}});
  json::value second = report_of(again);
  REQUIRE(again.exit_code == 0);
  CHECK(step(second.at("result"), "ingestion:psp_payments")->at("summary").at("rows_loaded") == 0);
  CHECK(step(second.at("result"), "quality")->at("summary").at("tests_passed") == 88);
  CHECK(query(db, "select count(*) from raw.raw_payments") == payments);
}

TEST_CASE("an ingestion source that breaks its contract fails the run at its file and line, before dbt", "[run]") {
  Product p;
  // The platform lands files with dlt; the product declares one typed source.
  p.select_dlt();
  write_file(p.dir / "landing" / "refunds.csv", "refund_id,amount\n1,5.00\n2,not-a-number\n3,7.50\n");
  write_file(p.dir / "floe.yaml", read_file(p.dir / "floe.yaml") +
                                      "ingestion:\n"
                                      "  sources:\n"
                                      "    - name: refunds\n"
                                      "      format: csv\n"
                                      "      path: landing/refunds.csv\n"
                                      "      destination: raw_refunds\n"
                                      "      write_mode: replace\n"
                                      "      contract:\n"
                                      "        on_violation: fail\n"
                                      "        columns:\n"
                                      "          - {name: refund_id, type: integer, nullable: false}\n"
                                      "          - {name: amount, type: decimal, nullable: false}\n");
  auto r = floe_with_dbt({"run", p.file(), "--json"});
  json::value report = report_of(r);
  CHECK(r.exit_code == 10);
  CHECK(report.at("outcome") == "run_failure");
  const json::object* d = find_diagnostic(report, "FLOE-X103");
  REQUIRE(d != nullptr);
  CHECK(std::string(d->at("file").as_string()).find("landing/refunds.csv") != std::string::npos);
  CHECK(d->at("line") == 3);
  CHECK(std::string(d->at("message").as_string()).find("amount") != std::string::npos);
  CHECK(std::string(d->at("message").as_string()).find("not-a-number") == std::string::npos);  // data stays out
  CHECK(step_status(report.at("result"), "ingestion:refunds") == "failed");
  CHECK(step_status(report.at("result"), "transform") == "skipped");

  // Fixed, the source loads and dbt runs after it.
  write_file(p.dir / "landing" / "refunds.csv", "refund_id,amount\n1,5.00\n2,6.00\n3,7.50\n");
  auto fixed = floe_with_dbt({"run", p.file(), "--json"});
  json::value ok = report_of(fixed);
  CHECK(fixed.exit_code == 0);
  CHECK(step(ok.at("result"), "ingestion:refunds")->at("summary").at("rows_loaded") == 3);
  CHECK(query(p.database(), "select count(*) from raw.raw_refunds") == "[(3,)]");
  CHECK(step_status(ok.at("result"), "transform") == "success");
}

TEST_CASE("an ingestion source file that a symlink leads outside the product is not read (FLOE-C308)", "[run]") {
  Product p;
  p.select_dlt();
  // Inside the project by name, /etc/passwd by what it is.
  fs::create_directories(p.dir / "landing");
  fs::create_symlink("/etc/passwd", p.dir / "landing" / "users.csv");
  write_file(p.dir / "floe.yaml", read_file(p.dir / "floe.yaml") +
                                      "ingestion:\n  sources:\n    - {name: users, format: csv, path: landing/*.csv, "
                                      "destination: raw_users, write_mode: replace}\n");
  auto r = floe_with_dbt({"run", p.file(), "--json"});
  json::value report = report_of(r);
  CHECK(r.exit_code == 3);  // invalid input
  CHECK(has_code(report, "FLOE-C308", "landing/users.csv"));
  CHECK(step_status(report.at("result"), "ingestion:users") == "failed");
  CHECK(step_status(report.at("result"), "transform") == "skipped");
  CHECK(r.out.find("root:") == std::string::npos);
  CHECK(r.err.find("root:") == std::string::npos);
}

// Issue 34 item 11: a shared landing zone outside the project is readable
// only when the platform declares it (ingestion.landing_roots), checked by
// the compile on the path and by floe run on the real files.
TEST_CASE("an absolute ingestion path is refused unless it lies under a landing root the platform declares "
          "(FLOE-C308)", "[run]") {
  Product p;
  p.select_dlt();
  fs::path zone = p.tmp.path() / "landing-zone";
  write_file(zone / "orders.csv", "order_id,amount\n1,5.00\n2,6.50\n");
  write_file(p.tmp.path() / "landing-zone2" / "orders.csv", "order_id,amount\n1,5.00\n");
  const std::string product = read_file(p.dir / "floe.yaml");
  auto with_source = [&](const fs::path& path) {
    write_file(p.dir / "floe.yaml", product + "ingestion:\n  sources:\n    - {name: zone, format: csv, path: \"" +
                                        path.string() + "\", destination: raw_zone, write_mode: replace}\n");
  };
  with_source(zone / "orders.csv");
  auto refused = floe_with_dbt({"compile", p.file(), "--format", "json"});
  CHECK(refused.exit_code == 3);
  CHECK(refused.out.find("the platform declares no landing roots") != std::string::npos);
  CHECK_FALSE(fs::exists(p.dir / "target" / "compiled_artifacts.json"));

  fs::path manifest = p.tmp.path() / "platform" / "manifest.yaml";
  write_file(manifest, read_file(manifest) + "ingestion:\n  landing_roots: [\"" + zone.string() + "\"]\n");
  auto loaded = floe_with_dbt({"run", p.file(), "--json"});
  INFO(loaded.out << loaded.err);
  CHECK(loaded.exit_code == 0);
  CHECK(query(p.database(), "select count(*) from raw.raw_zone") == "[(2,)]");

  // A sibling whose name starts like the root is not under it.
  with_source(p.tmp.path() / "landing-zone2" / "orders.csv");
  auto sibling = floe_with_dbt({"compile", p.file(), "--format", "json"});
  CHECK(sibling.exit_code == 3);
  CHECK(sibling.out.find("under none of the platform's landing roots") != std::string::npos);

  // Under the root by name, /etc/passwd by what it is: floe run does not read it.
  fs::create_symlink("/etc/passwd", zone / "users.csv");
  with_source(zone / "users.csv");
  auto linked = floe_with_dbt({"run", p.file(), "--json"});
  CHECK(linked.exit_code == 3);
  CHECK(has_code(report_of(linked), "FLOE-C308", "users.csv"));
  CHECK(linked.out.find("root:") == std::string::npos);
}

TEST_CASE("a quality plugin judges the tests with its severity mapping and score thresholds", "[run]") {
  Product p;
  fs::path manifest = p.tmp.path() / "platform" / "manifest.yaml";
  auto set_quality = [&](const std::string& block_score, const std::string& type = "dbt") {
    std::string platform = read_file(p.tmp.path() / "platform" / "manifest.yaml.orig");
    platform.replace(platform.find("plugins:\n"), 9,
                     "plugins:\n  quality:\n    type: " + type + "\n    config:\n      severity: {unique: warn}\n"
                     "      block_score: " + block_score + "\n");
    write_file(manifest, platform);
  };
  write_file(p.tmp.path() / "platform" / "manifest.yaml.orig", read_file(manifest));
  // A unique test that fails: customer_id repeats in the orders.
  write_file(p.dir / "models" / "bronze_customers_seen.sql", "select customer_id from {{ ref('raw_orders') }}\n");
  write_file(p.dir / "models" / "schema.yml", read_file(p.dir / "models" / "schema.yml") +
                                                   "  - name: bronze_customers_seen\n"
                                                   "    description: Every order's customer.\n"
                                                   "    columns:\n"
                                                   "      - name: customer_id\n"
                                                   "        description: The customer.\n"
                                                   "        data_tests: [unique, not_null]\n");

  // unique is a warning for this platform: the run passes, the score says 6 of 7.
  set_quality("0");
  auto r = floe_with_dbt({"run", p.file(), "--json"});
  json::value report = report_of(r);
  CHECK(r.exit_code == 0);
  const json::object* quality = step(report.at("result"), "quality");
  REQUIRE(quality != nullptr);
  CHECK(quality->at("summary").at("tests_warned") == 1);
  CHECK(quality->at("summary").at("tests_failed") == 0);
  CHECK(std::abs(quality->at("summary").at("quality_score").as_double() - 600.0 / 7) < 0.01);

  // With a block threshold above that score the same results fail the run.
  set_quality("90");
  auto blocked = floe_with_dbt({"test", p.file(), "--json"});
  json::value blocked_report = report_of(blocked);
  CHECK(blocked.exit_code == 11);
  CHECK(has_code(blocked_report, "FLOE-X110", "below the platform's block_score"));

  // Great Expectations validates the same tests on the DuckDB tables the run
  // built (plugins/quality-great-expectations), with the same severities.
  set_quality("0", "great_expectations");
  auto gx = floe_with_dbt({"test", p.file(), "--json"});
  json::value gx_report = report_of(gx);
  INFO(gx.out << gx.err);
  CHECK(gx.exit_code == 0);
  const json::object* judged = step(gx_report.at("result"), "quality");
  REQUIRE(judged != nullptr);
  CHECK(judged->at("summary").at("tests_warned") == 1);
  CHECK(judged->at("summary").at("tests_failed") == 0);
  CHECK(judged->at("summary").at("tests_passed") == quality->at("summary").at("tests_passed"));
}

TEST_CASE("isolated plugins stream their node events and stop on Ctrl-C across the helper's pipes", "[run][isolation]") {
  Product p;
  add_slow_model(p);
  // dbt runs for minutes in one call: the call limit must allow it.
  BackgroundRun run({"run", p.file(), "--events"},
                    tool_env({{"FLOE_PLUGIN_ISOLATION", "process"}, {"FLOE_PLUGIN_CALL_TIMEOUT_MS", "900000"}}));
  REQUIRE(run.wait_for_line(R"("unique_id":"model.shop.silver_customer_totals")"));  // an event from the helper
  REQUIRE(run.wait_for_line(R"("unique_id":"model.shop.silver_slow")"));
  run.signal(SIGINT);
  int code = run.wait();
  INFO(run.output());
  CHECK(code == 130);
  CHECK(p.record().at("status") == "cancelled");
  auto ps = run_process("/bin/sh", {"-c", "pgrep -f '[d]bt build --project-dir " + p.dir.string() + "' || true"});
  CHECK(ps.out.empty());
}
