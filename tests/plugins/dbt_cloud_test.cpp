// The dbt-cloud plugin through its C ABI, against a local stand-in for dbt
// Cloud's Administrative API (dbt_cloud_stub.py on 127.0.0.1, started and
// stopped by PID here): there is no real dbt Cloud to test against. The stub
// answers with the shapes dbt Cloud documents; these tests show the plugin
// triggers the job with the request's step, polls, fetches and maps the
// artifacts, and survives a failed run, a run cancelled in dbt Cloud, a
// refused token, 5xx answers, a server that never answers, floe's own cancel
// and its timeout, without the token ever leaving the Authorization header.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>

#include <cstdio>
#include <thread>

#include "cloud_config.hpp"
#include "compile_test_support.hpp"
#include "cloud_steps.hpp"
#include "dbt_request.hpp"
#include "plugin_harness.hpp"
#include "run_results.hpp"
#include "temp_dir.hpp"

using namespace floe::dbt_cloud;
using floe::test::PluginCall;
using floe::test::PluginHarness;
using floe::test::TempDir;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

constexpr const char* kToken = "dbtc_s3cr3t-T0KEN-for-the-stub";
constexpr int kAccount = 7, kJob = 42;

// dbt_cloud_stub.py in a child process, on a free port of 127.0.0.1.
class StubServer {
 public:
  explicit StubServer(const std::string& scenario) : log_(tmp_.path() / "requests.jsonl") {
    int out[2];
    REQUIRE(::pipe(out) == 0);
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      ::dup2(out[1], 1);
      ::close(out[0]);
      ::close(out[1]);
      std::string script = std::string(FLOE_TEST_SOURCE_DIR) + "/tests/plugins/dbt_cloud_stub.py";
      std::string account = std::to_string(kAccount), job = std::to_string(kJob), log = log_.string();
      ::execl("/usr/bin/python3", "python3", script.c_str(), "--scenario", scenario.c_str(), "--token", kToken,
              "--account", account.c_str(), "--job", job.c_str(), "--log", log.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(out[1]);
    FILE* from = ::fdopen(out[0], "r");
    char line[32] = {};
    bool got = std::fgets(line, sizeof line, from) != nullptr;
    std::fclose(from);
    REQUIRE(got);
    port_ = std::atoi(line);
    REQUIRE(port_ > 0);
  }
  ~StubServer() {
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // Every request the stub saw: {"method", "path", "token_ok", "body"}.
  std::vector<json::object> requests() const {
    std::vector<json::object> out;
    std::ifstream in(log_);
    for (std::string line; std::getline(in, line);) out.push_back(json::parse(line).as_object());
    return out;
  }
  std::size_t count(const std::string& method, const std::string& path_part) const {
    std::size_t n = 0;
    for (const auto& r : requests())
      n += r.at("method") == method.c_str() && std::string(r.at("path").as_string()).find(path_part) != std::string::npos;
    return n;
  }

 private:
  TempDir tmp_;
  fs::path log_;
  pid_t pid_ = -1;
  int port_ = 0;
};

PluginHarness& cloud_plugin() {
  static PluginHarness harness(FLOE_DBT_CLOUD_PLUGIN);
  return harness;
}

// Configures the plugin for `stub`, fast polling, and the token behind env:DBT_CLOUD_TEST_TOKEN.
void configure(const StubServer& stub, json::object extra = {}) {
  json::object config{{"account_id", kAccount},         {"job_id", kJob},
                      {"host", stub.url()},             {"api_token", {{"env", "DBT_CLOUD_TEST_TOKEN"}}},
                      {"poll_interval_seconds", 0.05},  {"request_timeout_seconds", 5},
                      {"max_retries", 3},               {"timeout_seconds", 60}};
  for (auto& [k, v] : extra) config[k] = v;
  auto& harness = cloud_plugin();
  harness.secrets()["env:DBT_CLOUD_TEST_TOKEN"] = kToken;
  harness.events().clear();
  harness.cancel() = false;
  auto r = harness.configure(json::serialize(config));
  INFO(r.body);
  REQUIRE(r.status == FLOE_OK);
}

struct Project {
  TempDir tmp;
  json::object request(json::object extra = {}) const {
    json::object r{{"project_dir", tmp.str()}, {"profiles_dir", tmp.str()}, {"target", "floe"}};
    for (auto& [k, v] : extra) r[k] = v;
    return r;
  }
};

// The token appears nowhere the plugin writes: not in its answer, its log or its events.
void check_no_token(const PluginCall& call) {
  CHECK(call.body.find(kToken) == std::string::npos);
  for (const auto& line : cloud_plugin().log()) CHECK(line.find(kToken) == std::string::npos);
  for (const auto& event : cloud_plugin().events()) CHECK(event.find(kToken) == std::string::npos);
}

std::vector<json::object> emitted(const char* type) {
  std::vector<json::object> out;
  for (const auto& text : cloud_plugin().events()) {
    auto e = json::parse(text).as_object();
    if (e.at("type") == type) out.push_back(std::move(e));
  }
  return out;
}

json::object build_request(const Project& project) {
  return project.request({{"command", "build"},
                          {"resource_types", json::array{"model", "seed", "snapshot"}},
                          {"select", json::array{"silver_orders+", "tag:nightly"}},
                          {"vars", {{"day", "2026-11-23"}}}});
}

}  // namespace

TEST_CASE("a request becomes one dbt Cloud step, quoted for its word splitting", "[dbt-cloud]") {
  floe::dbt_common::DbtCall call;
  call.command = "build";
  call.resource_types = {"model"};
  call.select = {"silver_orders+", "path:models/a b"};
  call.full_refresh = true;
  call.vars = json::object{{"it's", 1}};
  CHECK(cloud_step(call) ==
        "dbt build --resource-type model --select silver_orders+ 'path:models/a b' --full-refresh "
        "--vars '{\"it'\"'\"'s\":1}'");
  CHECK(shell_word("tag:nightly") == "tag:nightly");
  CHECK(shell_word("") == "''");
  CHECK(shell_word("$(rm -rf /)") == "'$(rm -rf /)'");
}

TEST_CASE("the dbt Cloud host: https by default, plain http only on the loopback interface", "[dbt-cloud]") {
  CHECK(base_url_of("cloud.getdbt.com") == "https://cloud.getdbt.com");
  CHECK(base_url_of("ab123.us1.dbt.com/") == "https://ab123.us1.dbt.com");
  CHECK(base_url_of("http://127.0.0.1:8080") == "http://127.0.0.1:8080");
  CHECK(base_url_of("http://localhost:9") == "http://localhost:9");
  CHECK_THROWS_WITH(base_url_of("http://cloud.getdbt.com"), Catch::Contains("unencrypted"));
  CHECK_THROWS_WITH(base_url_of("http://127.0.0.1.evil.example"), Catch::Contains("unencrypted"));
  CHECK_THROWS_WITH(base_url_of("ftp://x"), Catch::Contains("is not a host name"));
  auto refused = cloud_plugin().configure(
      R"({"account_id": 7, "job_id": 42, "host": "http://cloud.getdbt.com", "api_token": {"env": "T"}})");
  CHECK(refused.status == FLOE_ERR_INVALID_CONFIG);
}

TEST_CASE("run_results.json as node events for a runtime without a live log", "[dbt-cloud]") {
  auto doc = json::parse(floe::test::read_file(std::string(FLOE_TEST_SOURCE_DIR) +
                                               "/tests/fixtures/dbt-logs/fusion-test-run_results.json"));
  auto events = floe::dbt_common::node_events_from_run_results(doc.as_object());
  REQUIRE(events.size() == 12);  // six tests, started and finished
  CHECK(events[0].at("type") == "node_started");
  CHECK(events[1].at("type") == "node_finished");
  CHECK(events[1].at("name") == "accepted_values_bronze_orders_amount__1");
  CHECK(events[1].at("resource_type") == "test");
  CHECK(events[1].at("status") == "fail");
  CHECK_FALSE(std::string(events[1].at("finished_at").as_string()).empty());
}

TEST_CASE("dbt Cloud stub: a successful job run is triggered, polled and its results mapped", "[dbt-cloud]") {
  StubServer stub("success");
  configure(stub);
  Project project;
  auto call = cloud_plugin().call("run_models", json::serialize(build_request(project)));
  INFO(call.body);
  REQUIRE(call.status == FLOE_OK);
  auto response = json::parse(call.body).as_object();
  CHECK(response.at("success") == true);
  CHECK(response.at("cloud_run_id") == 9001);
  CHECK(response.at("models_run") == 2);
  CHECK(response.at("failures") == 0);
  CHECK(response.at("nodes").as_array().size() == 3);
  CHECK(response.at("dbt_version") == "versionless");
  CHECK(fs::exists(project.tmp.path() / "target/run_results.json"));
  CHECK(fs::exists(project.tmp.path() / "target/manifest.json"));
  CHECK(response.at("run_results_path") == (project.tmp.path() / "target/run_results.json").string().c_str());
  CHECK(emitted("node_started").size() == 3);
  CHECK(emitted("node_finished").size() == 3);

  auto requests = stub.requests();
  REQUIRE_FALSE(requests.empty());
  for (const auto& r : requests) CHECK(r.at("token_ok") == true);
  const auto& trigger = requests.front();
  CHECK(trigger.at("path") == "/api/v2/accounts/7/jobs/42/run/");
  CHECK(trigger.at("body").at("cause") == "Triggered by floe");
  CHECK(trigger.at("body").at("steps_override") ==
        json::array{"dbt build --resource-type model --resource-type seed --resource-type snapshot --select "
                    "silver_orders+ tag:nightly --vars '{\"day\":\"2026-11-23\"}'"});
  CHECK(stub.count("GET", "/runs/9001/") >= 2);  // queued, running, success
  check_no_token(call);

  auto tests = cloud_plugin().call("test_models", json::serialize(project.request()));
  REQUIRE(tests.status == FLOE_OK);
  auto tested = json::parse(tests.body).as_object();
  CHECK(tested.at("tests_run") == 2);
  CHECK(stub.requests().back().at("path") == "/api/v2/accounts/7/runs/9001/artifacts/run_results.json");

  auto health = json::parse(cloud_plugin().call("health_check", "{}").body);
  CHECK(health.at("state") == "healthy");
  CHECK(std::string(health.at("message").as_string()).find("floe build") != std::string::npos);
}

TEST_CASE("dbt Cloud stub: a run that ends in error is a result with the failed node", "[dbt-cloud]") {
  StubServer stub("failed");
  configure(stub);
  Project project;
  auto call = cloud_plugin().call("run_models", json::serialize(build_request(project)));
  REQUIRE(call.status == FLOE_OK);
  auto response = json::parse(call.body).as_object();
  CHECK(response.at("success") == false);
  CHECK(response.at("failures") == 1);
  CHECK(std::string(response.at("error").as_string()).find("Job run failed: 1 model failed") != std::string::npos);
  bool reported = false;
  for (const auto& e : emitted("node_finished"))
    reported |= e.at("unique_id") == "model.shop.silver_customer_totals" && e.at("status") == "error";
  CHECK(reported);
  check_no_token(call);
}

TEST_CASE("dbt Cloud stub: a run cancelled in dbt Cloud is a failed result without nodes", "[dbt-cloud]") {
  StubServer stub("cancelled");
  configure(stub);
  Project project;
  auto call = cloud_plugin().call("run_models", json::serialize(build_request(project)));
  REQUIRE(call.status == FLOE_OK);
  auto response = json::parse(call.body).as_object();
  CHECK(response.at("success") == false);
  CHECK(response.at("nodes").as_array().empty());
  CHECK(response.at("run_results_path") == "");
  CHECK(std::string(response.at("error").as_string()).find("was cancelled in dbt Cloud") != std::string::npos);
}

TEST_CASE("dbt Cloud stub: a refused token is UNAUTHORIZED, named by its reference only", "[dbt-cloud]") {
  StubServer stub("unauthorized");
  configure(stub);
  Project project;
  auto call = cloud_plugin().call("run_models", json::serialize(build_request(project)));
  CHECK(call.status == FLOE_ERR_UNAUTHORIZED);
  CHECK(call.body.find("env:DBT_CLOUD_TEST_TOKEN") != std::string::npos);
  CHECK(call.body.find("Invalid token.") != std::string::npos);
  CHECK(stub.count("POST", "/run/") == 1);  // a refusal is not retried
  check_no_token(call);
  auto health = json::parse(cloud_plugin().call("health_check", "{}").body);
  CHECK(health.at("state") == "unhealthy");

  // No token at all: said before anything is sent.
  cloud_plugin().secrets().clear();
  auto missing = cloud_plugin().call("run_models", json::serialize(build_request(project)));
  CHECK(missing.status == FLOE_ERR_NOT_FOUND);
  CHECK(missing.body.find("api_token refers to env:DBT_CLOUD_TEST_TOKEN, which is not set") != std::string::npos);
}

TEST_CASE("dbt Cloud stub: 503 and 500 answers are retried with backoff until the run succeeds", "[dbt-cloud]") {
  StubServer stub("flaky");
  configure(stub);
  Project project;
  auto call = cloud_plugin().call("run_models", json::serialize(build_request(project)));
  INFO(call.body);
  REQUIRE(call.status == FLOE_OK);
  CHECK(json::parse(call.body).at("success") == true);
  CHECK(stub.count("POST", "/jobs/42/run/") == 2);  // 503, then the run
  CHECK(stub.count("GET", "/runs/9001/") >= 4);     // 500, 500, then polls to the end

  // Past max_retries a failing service is UNAVAILABLE with its last answer.
  StubServer again("flaky");
  configure(again, {{"max_retries", 0}});
  auto gave_up = cloud_plugin().call("run_models", json::serialize(build_request(project)));
  CHECK(gave_up.status == FLOE_ERR_UNAVAILABLE);
  CHECK(gave_up.body.find("HTTP 503: Service unavailable, try again") != std::string::npos);
}

TEST_CASE("dbt Cloud stub: a server that never answers fails within the request timeout", "[dbt-cloud]") {
  StubServer stub("hung");
  configure(stub, {{"request_timeout_seconds", 1}, {"max_retries", 1}});
  Project project;
  auto started = std::chrono::steady_clock::now();
  auto call = cloud_plugin().call("run_models", json::serialize(build_request(project)));
  auto took = std::chrono::steady_clock::now() - started;
  CHECK(call.status == FLOE_ERR_TIMEOUT);
  CHECK(call.body.find("did not answer POST /jobs/42/run/ within 1 s") != std::string::npos);
  CHECK(took < std::chrono::seconds(10));  // two tries of 1 s and a 1 s backoff, with slack
  check_no_token(call);
}

TEST_CASE("dbt Cloud stub: floe's cancel and its timeout cancel the cloud run", "[dbt-cloud]") {
  Project project;
  {
    StubServer stub("running");
    configure(stub);
    auto& harness = cloud_plugin();
    std::thread stopper([&harness] {
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
      harness.cancel() = true;
    });
    auto call = harness.call("run_models", json::serialize(build_request(project)));
    stopper.join();
    harness.cancel() = false;
    CHECK(call.status == FLOE_ERR_CANCELLED);
    CHECK(call.body.find("floe cancelled dbt Cloud run 9001") != std::string::npos);
    CHECK(stub.count("POST", "/runs/9001/cancel/") == 1);
  }
  {
    StubServer stub("running");
    configure(stub, {{"timeout_seconds", 1}});
    auto started = std::chrono::steady_clock::now();
    auto call = cloud_plugin().call("run_models", json::serialize(build_request(project)));
    CHECK(call.status == FLOE_ERR_TIMEOUT);
    CHECK(call.body.find("did not finish within 1 s (plugins.dbt.config.timeout_seconds)") != std::string::npos);
    CHECK(stub.count("POST", "/runs/9001/cancel/") == 1);
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(10));
  }
}

TEST_CASE("dbt Cloud stub: floe run with plugins.dbt.type cloud runs the product's steps as job runs", "[dbt-cloud]") {
  StubServer stub("success");
  TempDir tmp;
  floe::test::copy_tree(fs::path(FLOE_TEST_SOURCE_DIR) / "tests/fixtures/run-product", tmp.path());
  auto manifest = tmp.path() / "platform/manifest.yaml";
  std::string text = floe::test::read_file(manifest);
  text.replace(text.find("plugins:\n"), 9,
               "plugins:\n  dbt:\n    type: cloud\n    config:\n      account_id: 7\n      job_id: 42\n      host: " +
                   stub.url() + "\n      api_token: {env: DBT_CLOUD_TEST_TOKEN}\n      poll_interval_seconds: 0.05\n");
  floe::test::write_file(manifest, text);
  auto r = floe::test::run_floe({"run", (tmp.path() / "shop/floe.yaml").string(), "--events"},
                                {{"DBT_CLOUD_TEST_TOKEN", kToken}});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find(kToken) == std::string::npos);
  CHECK(r.err.find(kToken) == std::string::npos);
  std::string record = floe::test::read_file(tmp.path() / "shop/target/floe_run.json");
  CHECK(record.find(kToken) == std::string::npos);
  auto run = json::parse(record);
  CHECK(run.at("status") == "success");
  CHECK(stub.count("POST", "/jobs/42/run/") == 2);  // transform (dbt build), then quality (dbt test)
  auto steps = stub.requests();
  CHECK(std::string(steps.front().at("body").at("steps_override").at(0).as_string()).rfind("dbt build", 0) == 0);
  CHECK(r.out.find("\"source\":\"dbt/cloud\"") != std::string::npos);  // node events, attributed
}
