// floe run's telemetry against a real OTLP receiver: the OpenTelemetry
// Collector (started once for the test binary on 127.0.0.1) receives the
// run's trace and metrics over OTLP/HTTP; the test reads back what it wrote
// and finds the run span, its steps and the dbt nodes with the right parents
// and attributes. Then the faults: a collector that is down, one that is
// slow (a fault proxy holding every answer past the timeout) and one that
// answers 500 never fail the run; each is one FLOE-X122 warning with the
// count of what was dropped. No secret header value reaches any output.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <set>

#include "compile_test_support.hpp"
#include "otel_collector.hpp"
#include "otlp_read.hpp"
#include "temp_dir.hpp"

using namespace floe::test;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

const std::string kVenv = FLOE_TEST_VENV;

OtelCollector& collector() {
  static std::unique_ptr<OtelCollector> c = OtelCollector::start();
  return *c;
}

// A copy of tests/fixtures/run-product whose platform gets `plugins_yaml`
// under plugins: and `top_yaml` at the top level.
struct Product {
  TempDir tmp;
  fs::path dir = tmp.path() / "shop";
  Product(const std::string& plugins_yaml, const std::string& top_yaml = "") {
    copy_tree(fs::path(FLOE_TEST_SOURCE_DIR) / "tests/fixtures/run-product", tmp.path());
    fs::path manifest = tmp.path() / "platform" / "manifest.yaml";
    std::string text = read_file(manifest);
    text.replace(text.find("plugins:\n"), 9, "plugins:\n" + plugins_yaml);
    write_file(manifest, text + top_yaml);
  }
  std::string file() const { return (dir / "floe.yaml").string(); }
  fs::path database() const { return dir / "warehouse" / "shop.duckdb"; }
};

std::string backend(const std::string& type, const std::string& endpoint, const std::string& extra = "") {
  return fmt::format("  telemetry_backend:\n    type: {}\n    config:\n      endpoint: {}\n      timeout_ms: 1000\n{}",
                     type, endpoint, extra);
}

ProcessResult floe_run(const Product& p, std::map<std::string, std::string> env = {}) {
  REQUIRE(fs::exists(kVenv + "/bin/dbt"));  // scripts/bootstrap makes it
  env.emplace("PATH", kVenv + "/bin:/usr/local/bin:/usr/bin:/bin");
  env.emplace("VIRTUAL_ENV", "");
  return run_floe({"run", p.file(), "--json"}, env);
}

json::value report_of(const ProcessResult& r) {
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  json::value report;
  REQUIRE_NOTHROW(report = json::parse(r.out));
  return report;
}

std::vector<const json::object*> diagnostics(const json::value& report, const std::string& code) {
  std::vector<const json::object*> out;
  for (const auto& d : report.at("diagnostics").as_array())
    if (d.at("code") == code.c_str()) out.push_back(&d.as_object());
  return out;
}

std::string run_id_of(const json::value& report) { return std::string(report.at("result").at("run_id").as_string()); }

// The spans of a run, once the collector has them all: the root span ends
// last, so once it is there, the whole trace is.
std::vector<ReceivedSpan> trace_of(const std::string& run_id) {
  bool complete = collector().wait_for([&](const OtelCollector& c) {
    return find_span(spans_of_run(c.trace_requests(), run_id), "floe run") != nullptr;
  });
  INFO(collector().log_tail());
  REQUIRE(complete);
  return spans_of_run(collector().trace_requests(), run_id);
}

std::string query(const fs::path& database, const std::string& sql) {
  auto r = run_process(kVenv + "/bin/python",
                       {"-c", "import duckdb, sys; c = duckdb.connect(sys.argv[1], read_only=True); "
                              "print(c.sql(sys.argv[2]).fetchall()[0][0])",
                        database.string(), sql});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return r.out.substr(0, r.out.find_last_not_of('\n') + 1);
}

}  // namespace

TEST_CASE("a run is one trace: the run, its steps and every dbt node, with metrics, in a real collector",
          "[telemetry]") {
  Product p(backend("jaeger", collector().endpoint()));
  // A model that shows what dbt got as TRACEPARENT.
  write_file(p.dir / "models" / "bronze_trace.sql", "select '{{ env_var(\"TRACEPARENT\", \"\") }}' as traceparent\n");
  auto r = floe_run(p);
  json::value report = report_of(r);
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(diagnostics(report, "FLOE-X122").empty());
  std::string run_id = run_id_of(report);
  auto spans = trace_of(run_id);
  const ReceivedSpan* root = find_span(spans, "floe run");
  REQUIRE(root != nullptr);
  CHECK(root->parent().empty());
  CHECK(root->status() == 1);
  CHECK(root->attributes.at("floe.run_id") == run_id.c_str());
  CHECK(root->attributes.at("floe.run.status") == "success");
  // Resource attributes: OpenTelemetry's service.*, floe's product and platform.
  CHECK(root->resource.at("service.name") == "shop");
  CHECK(root->resource.at("floe.product") == "shop");
  CHECK(root->resource.at("floe.platform") == "run-platform");
  CHECK(root->resource.at("floe.platform.version") == "1.0.0");
  CHECK(root->resource.at("telemetry.sdk.name") == "floe");

  // One trace; every step a child of the run.
  std::set<std::string> traces;
  for (const auto& s : spans) traces.insert(std::string(s.span.at("traceId").as_string()));
  CHECK(traces.size() == 1);
  std::string trace_id = *traces.begin();
  CHECK(trace_id.size() == 32);
  for (const char* step : {"compile", "transform", "quality"}) {
    const ReceivedSpan* s = find_span(spans, step);
    REQUIRE(s != nullptr);
    CHECK(s->parent() == root->span_id());
    CHECK(s->status() == 1);
    CHECK(s->attributes.at("floe.step.status") == "success");
  }
  const ReceivedSpan* transform = find_span(spans, "transform");
  CHECK(transform->attributes.at("db.system") == "duckdb");
  CHECK(transform->attributes.at("floe.nodes_ok") == 4);

  // Each dbt node of the build, under the transform step; the tests too (the
  // gates block, so they ran in the same dbt build; the quality step judged them).
  for (const char* node : {"seed.shop.raw_orders", "model.shop.bronze_orders", "model.shop.silver_customer_totals",
                           "model.shop.bronze_trace"}) {
    const ReceivedSpan* s = find_span(spans, node);
    REQUIRE(s != nullptr);
    CHECK(s->parent() == transform->span_id());
    CHECK(s->attributes.at("dbt.unique_id") == node);
    CHECK(s->attributes.at("db.system") == "duckdb");
    CHECK(s->status() == 1);
    CHECK(std::stoull(std::string(s->span.at("endTimeUnixNano").as_string())) >=
          std::stoull(std::string(s->span.at("startTimeUnixNano").as_string())));
  }
  CHECK(find_span(spans, "model.shop.bronze_orders")->attributes.at("dbt.resource_type") == "model");
  int tests = 0;
  for (const auto& s : spans)
    if (s.name().rfind("test.shop.", 0) == 0) {
      ++tests;
      CHECK(s.parent() == transform->span_id());
    }
  CHECK(tests == 5);

  // dbt ran inside the trace: TRACEPARENT named the run's trace and root span.
  CHECK(query(p.database(), "select traceparent from main.bronze_trace") ==
        fmt::format("00-{}-{}-01", trace_id, root->span_id()));

  // Metrics: the duration of every step, the data tests.
  REQUIRE(collector().wait_for([&](const OtelCollector& c) {
    return !metric_points(c.metric_requests(), run_id, "floe.run.duration").empty();
  }));
  auto metrics = collector().metric_requests();
  auto durations = metric_points(metrics, run_id, "floe.step.duration");
  CHECK(durations.size() == 3);  // compile, transform, quality
  for (const auto& point : durations) CHECK(point.at("count") == "1");
  auto failed = metric_points(metrics, run_id, "floe.quality.tests_failed");
  REQUIRE(failed.size() == 1);
  CHECK(failed[0].at("asInt") == "0");
  auto passed = metric_points(metrics, run_id, "floe.quality.tests_passed");
  REQUIRE(passed.size() == 1);
  CHECK(passed[0].at("asInt") == "5");
}

TEST_CASE("a failing model's span carries the error, and the platform's traces endpoint serves without a plugin",
          "[telemetry]") {
  // No telemetry_backend: observability.traces names the collector.
  Product p("", fmt::format("observability:\n  traces:\n    endpoint: {}\n    protocol: http\n", collector().endpoint()));
  write_file(p.dir / "models" / "bronze_orders.sql", "select order_id, customer_id, amount from no_such_table\n");
  auto r = floe_run(p);
  json::value report = report_of(r);
  CHECK(r.exit_code == 10);
  CHECK(diagnostics(report, "FLOE-X122").empty());
  auto spans = trace_of(run_id_of(report));
  const ReceivedSpan* model = find_span(spans, "model.shop.bronze_orders");
  REQUIRE(model != nullptr);
  CHECK(model->status() == 2);
  // dbt's own line for the node, and dbt's error among the step's log events.
  CHECK_THAT(std::string(model->span.at("status").at("message").as_string()), Catch::Contains("ERROR"));
  const ReceivedSpan* transform = find_span(spans, "transform");
  INFO(json::serialize(transform->span));
  CHECK(json::serialize(transform->span.at("events")).find("no_such_table") != std::string::npos);
  CHECK(model->attributes.at("dbt.status") == "error");
  CHECK(transform->status() == 2);
  CHECK(find_span(spans, "quality")->attributes.at("floe.step.status") == "skipped");
  CHECK(find_span(spans, "floe run")->status() == 2);
}

TEST_CASE("a collector that is down, slow or answering 500 never fails the run: one warning, spans dropped",
          "[telemetry]") {
  std::string endpoint, expect;
  std::unique_ptr<FaultProxy> proxy;
  bool answers_late = false;  // the slow proxy still hands the first batch on, after its delay
  SECTION("down") {
    endpoint = fmt::format("http://127.0.0.1:{}", free_port());  // nothing listens there
    expect = "cannot connect to";
  }
  SECTION("slow") {
    FaultScenario slow;
    slow.delay_s = 5;  // every answer after 5 s; the exporter gives up after timeout_ms (1 s)
    proxy = FaultProxy::start(collector().host(), slow);
    endpoint = "http://" + proxy->host();
    expect = "within 1000 ms";
    answers_late = true;
  }
  SECTION("500") {
    FaultScenario failing;
    failing.fail_first = 1000;
    failing.fail_status = 500;
    proxy = FaultProxy::start(collector().host(), failing);
    endpoint = "http://" + proxy->host();
    expect = "answered HTTP 500";
  }
  Product p(backend("otlp", endpoint));
  auto r = floe_run(p);
  json::value report = report_of(r);
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(report.at("outcome") == "ok");
  auto warnings = diagnostics(report, "FLOE-X122");
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0]->at("severity") == "warning");
  std::string message(warnings[0]->at("message").as_string());
  CHECK_THAT(message, Catch::Contains(expect));
  CHECK_THAT(message, Catch::Contains("span(s)"));
  CHECK_THAT(message, Catch::Contains("dropped"));
  CHECK(message.find(" 0 span(s) and") == std::string::npos);  // something was dropped, and counted
  if (!answers_late) {
    CHECK(spans_of_run(collector().trace_requests(), run_id_of(report)).empty());
    // The first failure stopped delivery: no further request per batch.
    if (proxy) CHECK(proxy->requests().size() == 1);
  }
}

TEST_CASE("secret headers are resolved only to export: the value reaches the collector's door and no output",
          "[telemetry]") {
  const std::string secret = "czNjcjN0LXBsYW50ZWQtN2Fl";  // planted; must appear nowhere floe writes
  FaultScenario pass_through;
  auto proxy = FaultProxy::start(collector().host(), pass_through);
  Product p(backend("grafana-cloud", "http://" + proxy->host()) +
            "    secrets:\n      basic_auth: {env: FLOE_TEST_GRAFANA_AUTH}\n");
  auto r = floe_run(p, {{"FLOE_TEST_GRAFANA_AUTH", secret}});
  json::value report = report_of(r);
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(diagnostics(report, "FLOE-X122").empty());
  trace_of(run_id_of(report));
  // Every export carried Authorization (grafana-cloud: "Basic <secret>").
  auto requests = proxy->requests();
  REQUIRE_FALSE(requests.empty());
  for (const auto& request : requests) {
    CHECK(request.method == "POST");
    CHECK(request.authorization);
  }
  CHECK(r.out.find(secret) == std::string::npos);
  CHECK(r.err.find(secret) == std::string::npos);
  for (const auto& line : collector().trace_requests()) CHECK(json::serialize(line).find(secret) == std::string::npos);
  for (const auto& entry : fs::recursive_directory_iterator(p.dir / "target"))
    if (entry.is_regular_file()) CHECK(read_file(entry.path()).find(secret) == std::string::npos);
}

TEST_CASE("a gRPC-only destination is a warning and no telemetry, never a failed run", "[telemetry]") {
  Product p("", "observability:\n  traces:\n    endpoint: http://127.0.0.1:4317\n    protocol: grpc\n");
  auto r = floe_run(p);
  json::value report = report_of(r);
  CHECK(r.exit_code == 0);
  auto warnings = diagnostics(report, "FLOE-X122");
  REQUIRE(warnings.size() == 1);
  CHECK_THAT(std::string(warnings[0]->at("message").as_string()), Catch::Contains("gRPC"));
}

TEST_CASE("OpenTelemetry's environment wins for a run: OTEL_EXPORTER_OTLP_ENDPOINT sends there, OTEL_SDK_DISABLED sends nothing",
          "[telemetry]") {
  // The platform names a gRPC collector floe cannot send to; the environment
  // points at the real one, as scripts/quickstart does.
  Product p("", "observability:\n  traces:\n    endpoint: http://127.0.0.1:4317\n    protocol: grpc\n");
  auto r = floe_run(p, {{"OTEL_EXPORTER_OTLP_ENDPOINT", collector().endpoint()}});
  json::value report = report_of(r);
  CHECK(r.exit_code == 0);
  CHECK(diagnostics(report, "FLOE-X122").empty());
  auto spans = trace_of(run_id_of(report));
  CHECK(find_span(spans, "transform") != nullptr);

  // Off: no warning and not one span of this run.
  auto off = floe_run(p, {{"OTEL_SDK_DISABLED", "true"}, {"OTEL_EXPORTER_OTLP_ENDPOINT", collector().endpoint()}});
  json::value off_report = report_of(off);
  CHECK(off.exit_code == 0);
  CHECK(diagnostics(off_report, "FLOE-X122").empty());
  // The first run's trace is complete, so the collector has had time to
  // receive anything the second sent.
  auto again = floe_run(p, {{"OTEL_EXPORTER_OTLP_ENDPOINT", collector().endpoint()}});
  REQUIRE(again.exit_code == 0);
  trace_of(run_id_of(report_of(again)));
  CHECK(spans_of_run(collector().trace_requests(), run_id_of(off_report)).empty());
}
