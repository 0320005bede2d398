// floe run with lineage on, real dbt-core and dbt-duckdb on the run-product
// fixture (a seed and two models with five tests), its OpenLineage events
// received by the tests' receiver on 127.0.0.1 (NOT Marquez: none can be
// installed here) that validates each against the OpenLineage JSON Schema:
// the sequence, the parent facets, the datasets and their schema facets, the
// data-quality assertions, the API key, the file backend, and lineage
// servers that are down, slow or failing, which never fail the run.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "compile_test_support.hpp"
#include "lineage_receiver.hpp"
#include "temp_dir.hpp"

using namespace floe::test;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

const std::string kKey = "ol-key-planted-5e3a";

// The run-product fixture with a lineage backend in its platform.
struct LineageProduct {
  TempDir tmp;
  fs::path dir = tmp.path() / "shop";
  explicit LineageProduct(const std::string& lineage_backend_yaml) {
    copy_tree(fs::path(FLOE_TEST_SOURCE_DIR) / "tests/fixtures/run-product", tmp.path());
    fs::path manifest = tmp.path() / "platform" / "manifest.yaml";
    std::string text = read_file(manifest);
    text.replace(text.find("      threads: 2\n"), 17, "      threads: 2\n" + lineage_backend_yaml);
    write_file(manifest, text);
  }
  std::string file() const { return (dir / "floe.yaml").string(); }
  std::string dataset_namespace() const { return "duckdb://" + (dir / "warehouse" / "shop.duckdb").string(); }
};

std::string http_backend(const std::string& url, const std::string& extra = "") {
  return fmt::format("  lineage_backend:\n    type: http\n    config:\n      url: {}\n{}", url, extra);
}

ProcessResult floe_run(const LineageProduct& p, std::vector<std::string> extra = {},
                       std::map<std::string, std::string> env = {}) {
  std::string venv = FLOE_TEST_VENV;
  REQUIRE(fs::exists(venv + "/bin/dbt"));  // scripts/bootstrap makes it; without it these tests cannot pass
  env.emplace("PATH", venv + "/bin:/usr/local/bin:/usr/bin:/bin");
  env.emplace("VIRTUAL_ENV", "");
  env.emplace("OPENLINEAGE_DISABLED", "");
  std::vector<std::string> args{"run", p.file(), "--json"};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_floe(args, env);
}

json::value report_of(const ProcessResult& r) {
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  json::value report;
  REQUIRE_NOTHROW(report = json::parse(r.out));
  return report;
}

std::vector<json::object> warnings_with(const json::value& report, const std::string& code) {
  std::vector<json::object> out;
  for (const auto& d : report.at("diagnostics").as_array())
    if (d.at("code") == code.c_str()) out.push_back(d.as_object());
  return out;
}

std::vector<json::object> events_of(const std::vector<LineageRecord>& records) {
  std::vector<json::object> out;
  for (const auto& r : records) out.push_back(r.at("event").as_object());
  return out;
}

std::string label(const json::object& e) {
  return std::string(e.at("eventType").as_string()) + " " + std::string(e.at("job").at("name").as_string());
}

const json::object& find_event(const std::vector<json::object>& events, const std::string& wanted) {
  auto it = std::find_if(events.begin(), events.end(), [&](const json::object& e) { return label(e) == wanted; });
  REQUIRE(it != events.end());
  return *it;
}

std::vector<std::string> names_of(const json::value& datasets) {
  std::vector<std::string> out;
  for (const auto& d : datasets.as_array()) out.emplace_back(d.at("name").as_string());
  return out;
}

std::vector<std::string> fields_of(const json::object& dataset) {
  std::vector<std::string> out;
  for (const auto& f : dataset.at("facets").at("schema").at("fields").as_array())
    out.push_back(std::string(f.at("name").as_string()) +
                  (f.as_object().contains("type") ? " " + std::string(f.at("type").as_string()) : ""));
  return out;
}

}  // namespace

TEST_CASE("floe run sends valid OpenLineage events: the run, each node, the tests, linked and with datasets",
          "[lineage][run]") {
  auto receiver = LineageReceiver::start(LineageReceiver::Mode::ok, 0, kKey);
  LineageProduct p(http_backend(receiver->url(), "    secrets:\n      api_key: {env: FLOE_TEST_LINEAGE_KEY}\n"));
  auto r = floe_run(p, {}, {{"FLOE_TEST_LINEAGE_KEY", kKey}});
  json::value report = report_of(r);
  REQUIRE(r.exit_code == 0);
  CHECK(warnings_with(report, "FLOE-X120").empty());
  CHECK(warnings_with(report, "FLOE-X121").empty());

  auto records = receiver->records();
  CHECK(schema_errors(records).empty());
  for (const auto& rec : records) {
    CHECK(rec.at("authorization") == json::value("Bearer " + kKey));
    CHECK(json::serialize(rec.at("event")).find(kKey) == std::string::npos);
  }
  CHECK(r.out.find(kKey) == std::string::npos);
  CHECK(r.err.find(kKey) == std::string::npos);
  for (const auto& entry : fs::recursive_directory_iterator(p.dir / "target"))
    if (entry.is_regular_file()) CHECK(read_file(entry.path()).find(kKey) == std::string::npos);

  auto events = events_of(records);
  REQUIRE(events.size() == 10);
  // The product's run opens first and closes last, with floe's run id.
  std::string run_id(report.at("result").at("run_id").as_string());
  CHECK(label(events.front()) == "START shop");
  CHECK(label(events.back()) == "COMPLETE shop");
  CHECK(events.front().at("run").at("runId") == run_id.c_str());
  CHECK(events.front().at("job").at("namespace") == "shop");  // 2-tier, no platform namespace: the product
  for (const char* job : {"shop.raw_orders", "shop.bronze_orders", "shop.silver_customer_totals", "shop.quality"}) {
    INFO(job);
    const auto& start = find_event(events, std::string("START ") + job);
    const auto& complete = find_event(events, std::string("COMPLETE ") + job);
    CHECK(start.at("run").at("runId") == complete.at("run").at("runId"));
    for (const auto* e : {&start, &complete}) {
      CHECK(e->at("run").at("facets").at("parent").at("run").at("runId") == run_id.c_str());
      CHECK(e->at("run").at("facets").at("parent").at("job").at("name") == "shop");
    }
  }
  // Models read what they ref, from the product's DuckDB file.
  const auto& bronze = find_event(events, "COMPLETE shop.bronze_orders");
  CHECK(names_of(bronze.at("inputs")) == std::vector<std::string>{"main.raw_orders"});
  CHECK(bronze.at("inputs").at(0).at("namespace") == p.dataset_namespace().c_str());
  CHECK(names_of(bronze.at("outputs")) == std::vector<std::string>{"main.bronze_orders"});
  CHECK(fields_of(bronze.at("outputs").at(0).as_object()) == std::vector<std::string>{"order_id"});  // documented
  const auto& silver = find_event(events, "COMPLETE shop.silver_customer_totals");
  CHECK(names_of(silver.at("inputs")) == std::vector<std::string>{"main.bronze_orders"});
  CHECK(fields_of(silver.at("outputs").at(0).as_object()) ==
        std::vector<std::string>{"customer_id", "total_amount"});
  // The data tests, per model, as assertions on the tested datasets.
  const auto& quality = find_event(events, "COMPLETE shop.quality");
  REQUIRE(names_of(quality.at("inputs")) == std::vector<std::string>{"main.bronze_orders", "main.silver_customer_totals"});
  std::vector<std::string> assertions;
  for (const auto& input : quality.at("inputs").as_array())
    for (const auto& a : input.at("inputFacets").at("dataQualityAssertions").at("assertions").as_array())
      assertions.push_back(fmt::format("{} {} {} {}", std::string(input.at("name").as_string()),
                                       std::string(a.at("assertion").as_string()),
                                       std::string(a.at("column").as_string()), a.at("success").as_bool()));
  std::sort(assertions.begin(), assertions.end());
  CHECK(assertions == std::vector<std::string>{"main.bronze_orders not_null order_id true",
                                               "main.bronze_orders unique order_id true",
                                               "main.silver_customer_totals not_null customer_id true",
                                               "main.silver_customer_totals not_null total_amount true",
                                               "main.silver_customer_totals unique customer_id true"});

  // With a catalog (dbt docs generate), the schema facets are the tables'
  // columns with their types.
  std::string venv = FLOE_TEST_VENV;
  auto docs = run_process("/bin/sh",
                          {"-c", "cd \"$1\" && exec \"$2\" docs generate --profiles-dir target/profiles --target floe",
                           "sh", p.dir.string(), venv + "/bin/dbt"},
                          {{"DBT_SEND_ANONYMOUS_USAGE_STATS", "false"}});
  INFO(docs.out << docs.err);
  REQUIRE(docs.exit_code == 0);
  auto again = floe_run(p, {"--select", "bronze_orders"}, {{"FLOE_TEST_LINEAGE_KEY", kKey}});
  REQUIRE(again.exit_code == 0);
  auto all = events_of(receiver->records());
  std::vector<json::object> second(all.begin() + 10, all.end());
  const auto& typed = find_event(second, "COMPLETE shop.bronze_orders");
  CHECK(fields_of(typed.at("outputs").at(0).as_object()) ==
        std::vector<std::string>{"order_id INTEGER", "customer_id INTEGER", "amount DOUBLE"});
}

TEST_CASE("the file backend appends the run's events as valid JSON lines", "[lineage][run]") {
  LineageProduct p("  lineage_backend:\n    type: file\n");
  auto r = floe_run(p);
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  fs::path file = p.dir / "target" / "openlineage.jsonl";
  REQUIRE(fs::exists(file));
  auto records = check_lineage_file(file);
  CHECK(records.size() == 10);
  CHECK(schema_errors(records).empty());
  auto events = events_of(records);
  CHECK(label(events.front()) == "START shop");
  CHECK(label(events.back()) == "COMPLETE shop");
}

TEST_CASE("a lineage server that is down, slow or failing never fails the run: one warning, a dropped count",
          "[lineage][run]") {
  auto slow = LineageReceiver::start(LineageReceiver::Mode::slow, 5.0);
  auto failing = LineageReceiver::start(LineageReceiver::Mode::fail500);
  struct Case {
    const char* name;
    std::string backend;
    const char* why;
  };
  std::vector<Case> cases{
      {"down", http_backend("http://127.0.0.1:" + std::to_string(free_port())), "connection refused"},
      {"slow", http_backend(slow->url(), "      timeout_seconds: 0.5\n"), "timed out"},
      {"500", http_backend(failing->url()), "HTTP 500"},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    LineageProduct p(c.backend);
    auto r = floe_run(p, {"--select", "raw_orders"});
    json::value report = report_of(r);
    CHECK(r.exit_code == 0);
    CHECK(report.at("outcome") == "ok");
    auto warnings = warnings_with(report, "FLOE-X120");
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].at("severity") == "warning");
    std::string message(warnings[0].at("message").as_string());
    // The run, the seed and the (empty) data-test job: START and an end each.
    CHECK(message.find("6 of 6 OpenLineage event(s) were not delivered") != std::string::npos);
    CHECK(message.find(c.why) != std::string::npos);
  }
  CHECK(failing->records().size() == 6);  // each event was tried
}

TEST_CASE("a lineage backend that cannot be set up is a warning and the run goes on without lineage",
          "[lineage][run]") {
  auto receiver = LineageReceiver::start();
  LineageProduct p(http_backend(receiver->url(), "    secrets:\n      api_key: {env: FLOE_TEST_LINEAGE_KEY}\n"));
  auto r = floe_run(p, {"--select", "raw_orders"}, {{"FLOE_TEST_LINEAGE_KEY", ""}});
  json::value report = report_of(r);
  CHECK(r.exit_code == 0);
  auto warnings = warnings_with(report, "FLOE-X121");
  REQUIRE(warnings.size() == 1);
  CHECK(std::string(warnings[0].at("message").as_string()).find("FLOE_TEST_LINEAGE_KEY") != std::string::npos);
  CHECK(receiver->records().empty());
  // OPENLINEAGE_DISABLED turns lineage off without a word.
  auto off = floe_run(p, {"--select", "raw_orders"}, {{"FLOE_TEST_LINEAGE_KEY", kKey}, {"OPENLINEAGE_DISABLED", "true"}});
  CHECK(off.exit_code == 0);
  CHECK(warnings_with(report_of(off), "FLOE-X121").empty());
  CHECK(receiver->records().empty());
}

TEST_CASE("OPENLINEAGE_URL replaces the platform's lineage endpoint for a run", "[lineage][run]") {
  // marquez with no URL of its own: without the variable it would send to
  // its default base; with it, the events reach the receiver at Marquez's path.
  auto receiver = LineageReceiver::start();
  LineageProduct p("  lineage_backend:\n    type: marquez\n");
  // The product named by a relative path, as `floe run customer-360/floe.yaml`
  // does: the backend still gets an absolute project directory.
  std::string venv = FLOE_TEST_VENV;
  std::string relative = fs::relative(p.file()).string();
  REQUIRE(relative.front() != '/');
  auto r = run_floe({"run", relative, "--json", "--select", "raw_orders"},
                    {{"PATH", venv + "/bin:/usr/local/bin:/usr/bin:/bin"}, {"VIRTUAL_ENV", ""},
                     {"OPENLINEAGE_DISABLED", ""}, {"OPENLINEAGE_URL", receiver->url()}});
  json::value report = report_of(r);
  CHECK(r.exit_code == 0);
  CHECK(warnings_with(report, "FLOE-X120").empty());
  CHECK(warnings_with(report, "FLOE-X121").empty());
  auto records = receiver->records();
  REQUIRE(records.size() == 6);  // the run, the seed, the data-test job: START and an end each
  CHECK(schema_errors(records).empty());
  CHECK(std::string(records.front().at("path").as_string()) == "/api/v1/lineage");
  // Datasets are named by the database's absolute path, whatever path the run was given.
  CHECK(schema_errors(records).empty());
  for (const auto& e : events_of(records))
    for (const auto& d : e.at("outputs").as_array())
      CHECK(std::string(d.at("namespace").as_string()) == p.dataset_namespace());
}
