// A run's failed checks delivered through the platform's alert channel
// (docs/run.md#alerts): the webhook plugin signing with HMAC-SHA256 to a
// receiver that checks it and fails the first attempt (retried), the same
// alert not sent twice within dedup_minutes, the Slack plugin's message to
// a webhook URL that is a secret, the e-mail plugin to a real SMTP server
// (aiosmtpd), and a channel that is down: a warning, never a failed run.
// Real dbt-core and dbt-duckdb on the run-product fixture; the alerts come
// from its output port's data contract.
#include <catch2/catch.hpp>

#include <stdlib.h>

#include <boost/json.hpp>
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "compile_test_support.hpp"
#include "registry_fixture.hpp"
#include "temp_dir.hpp"

using namespace floe::test;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

const std::string kVenv = FLOE_TEST_VENV;
const std::string kAlertKey = "alert-hmac-key-3f9c81d2-must-not-leak";

// A receiver of tests/run/alert_receiver.py on 127.0.0.1, stopped by PID.
class Receiver {
 public:
  Receiver(const std::string& mode, std::vector<std::string> extra = {}) : port_(free_port()) {
    fs::path ready = dir_.path() / "ready";
    std::vector<std::string> argv{kVenv + "/bin/python",
                                  (fs::path(FLOE_TEST_SOURCE_DIR) / "tests/run/alert_receiver.py").string(),
                                  mode,
                                  "--port",
                                  std::to_string(port_),
                                  "--log",
                                  log().string(),
                                  "--ready",
                                  ready.string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    process_ = std::make_unique<ChildProcess>(argv, (dir_.path() / "receiver.log").string());
    for (int i = 0; i < 200 && !fs::exists(ready) && process_->running(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    INFO(read_file(dir_.path() / "receiver.log"));
    REQUIRE(fs::exists(ready));
  }
  int port() const { return port_; }
  std::vector<json::object> records() const {
    std::vector<json::object> out;
    std::ifstream in(log());
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) out.push_back(json::parse(line).as_object());
    return out;
  }

 private:
  fs::path log() const { return dir_.path() / "received.jsonl"; }
  TempDir dir_;
  int port_;
  std::unique_ptr<ChildProcess> process_;
};

// The run-product fixture with an output port whose contract has one rule
// that fails (rowCount > 1000; `severity` as given), and `channel` as the
// platform's alert channel.
struct AlertProduct {
  TempDir tmp;
  fs::path dir = tmp.path() / "shop";
  AlertProduct(const std::string& channel_yaml, const std::string& severity = "error") {
    copy_tree(fs::path(FLOE_TEST_SOURCE_DIR) / "tests/fixtures/run-product", tmp.path());
    fs::path manifest = tmp.path() / "platform" / "manifest.yaml";
    std::string text = read_file(manifest);
    text.replace(text.find("      threads: 2\n"), 17, "      threads: 2\n" + channel_yaml);
    write_file(manifest, text);
    std::ofstream(dir / "floe.yaml", std::ios::app) << "output_ports:\n"
                                                       "  - name: customer_totals\n"
                                                       "    table: silver_customer_totals\n"
                                                       "    contract: contracts/totals.odcs.yaml\n";
    fs::create_directories(dir / "contracts");
    write_file(dir / "contracts" / "totals.odcs.yaml", fmt::format(R"(apiVersion: v3.1.0
kind: DataContract
id: urn:test:shop:customer_totals
name: customer_totals
version: 1.0.0
status: active
schema:
  - name: customer_totals
    physicalName: silver_customer_totals
    quality:
      - type: library
        metric: rowCount
        mustBeGreaterThan: 1000
        severity: {}
)",
                                                                   severity));
  }
  std::string file() const { return (dir / "floe.yaml").string(); }
};

ProcessResult floe_run(const AlertProduct& p, std::map<std::string, std::string> env = {}) {
  REQUIRE(fs::exists(kVenv + "/bin/dbt"));  // scripts/bootstrap makes it; without it these tests cannot pass
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

const json::object* alerts_step(const json::value& report) {
  for (const auto& s : report.at("result").at("steps").as_array())
    if (s.at("name") == "alerts") return &s.as_object();
  return nullptr;
}

bool has_code(const json::value& report, const std::string& code) {
  for (const auto& d : report.at("diagnostics").as_array())
    if (d.at("code") == code.c_str()) return true;
  return false;
}

std::string webhook(int port, const std::string& extra = "") {
  return fmt::format("  alert_channel:\n    type: webhook\n    config:\n      url: http://127.0.0.1:{}/alerts\n"
                     "      retries: 2\n      backoff_seconds: 0.1\n{}",
                     port, extra);
}

}  // namespace

TEST_CASE("a broken contract is a signed webhook alert, retried after a 503, and not sent twice within dedup_minutes",
          "[run][alert]") {
  setenv("FLOE_TEST_ALERT_KEY_RECEIVER", kAlertKey.c_str(), 1);  // the receiver checks with it
  Receiver receiver("http", {"--hmac-key-env", "FLOE_TEST_ALERT_KEY_RECEIVER", "--fail-first", "1"});
  AlertProduct p(webhook(receiver.port(), "    secrets:\n      hmac_key: {env: FLOE_TEST_ALERT_KEY}\n"));
  auto run = floe_run(p, {{"FLOE_TEST_ALERT_KEY", kAlertKey}});
  auto report = report_of(run);
  INFO(run.out << run.err);
  CHECK(run.exit_code == 11);  // the contract's check failed; the alert went out
  const json::object* step = alerts_step(report);
  REQUIRE(step != nullptr);
  CHECK(step->at("summary").at("delivered") == 1);
  auto records = receiver.records();
  REQUIRE(records.size() == 2);  // a 503, then the retry
  CHECK(records[1].at("signature_ok") == true);
  json::value alert = json::parse(records[1].at("body").as_string());
  CHECK(alert.at("severity") == "critical");
  CHECK(alert.at("product") == "shop");
  CHECK(alert.at("contract") == "customer_totals");
  CHECK(std::string(alert.at("title").as_string()) == "shop: a data contract's promise is broken");
  CHECK(std::string(alert.at("message").as_string()).find("rowCount > 1000 (measured 3 rows)") != std::string::npos);
  CHECK(alert.at("details").at("code") == "FLOE-X111");
  CHECK(alert.at("details").at("line") == 11);
  // The key signs; it is never sent, printed or kept.
  CHECK(std::string(records[1].at("body").as_string()).find(kAlertKey) == std::string::npos);
  CHECK((run.out + run.err).find(kAlertKey) == std::string::npos);
  CHECK(read_file(p.dir / "target" / "floe_run.json").find(kAlertKey) == std::string::npos);
  CHECK(read_file(p.dir / "target" / "floe_alerts.json").find(kAlertKey) == std::string::npos);

  // The same failure again at once: remembered, not sent.
  auto again = floe_run(p, {{"FLOE_TEST_ALERT_KEY", kAlertKey}});
  json::value again_report = report_of(again);
  const json::object* second = alerts_step(again_report);
  REQUIRE(second != nullptr);
  CHECK(second->at("summary").at("deduplicated") == 1);
  CHECK(second->at("summary").at("delivered") == 0);
  CHECK(receiver.records().size() == 2);
}

TEST_CASE("the slack channel posts a Block Kit message to the webhook URL its secret names", "[run][alert]") {
  Receiver receiver("http");
  AlertProduct p("  alert_channel:\n    type: slack\n    config: {channel_name: '#data-alerts'}\n"
                 "    secrets:\n      webhook_url: {env: FLOE_TEST_SLACK_URL}\n");
  std::string url = fmt::format("http://127.0.0.1:{}/services/T000/B000/XXXX", receiver.port());
  auto run = floe_run(p, {{"FLOE_TEST_SLACK_URL", url}});
  INFO(run.out << run.err);
  CHECK(run.exit_code == 11);
  auto records = receiver.records();
  REQUIRE(records.size() == 1);
  CHECK(records[0].at("path") == "/services/T000/B000/XXXX");
  json::value message = json::parse(records[0].at("body").as_string());
  CHECK(std::string(message.at("text").as_string()).find("shop: a data contract's promise is broken") !=
        std::string::npos);
  REQUIRE(message.at("blocks").as_array().size() == 3);
  CHECK(message.at("blocks").at(0).at("type") == "header");
  // The URL is a credential: named in no output.
  CHECK((run.out + run.err).find("B000/XXXX") == std::string::npos);
}

TEST_CASE("the email channel delivers the alert to an SMTP server", "[run][alert]") {
  Receiver smtp("smtp");
  AlertProduct p(fmt::format("  alert_channel:\n    type: email\n    config:\n      smtp_url: smtp://127.0.0.1:{}\n"
                             "      from: floe@example.com\n      to: [data-team@example.com, oncall@example.com]\n"
                             "      require_tls: false\n",
                             smtp.port()));
  auto run = floe_run(p);
  INFO(run.out << run.err);
  CHECK(run.exit_code == 11);
  auto mails = smtp.records();
  REQUIRE(mails.size() == 1);
  CHECK(mails[0].at("from") == "floe@example.com");
  CHECK(mails[0].at("to").as_array().size() == 2);
  std::string content(mails[0].at("content").as_string());
  CHECK(content.find("Subject: [floe critical] shop: a data contract's promise is broken") != std::string::npos);
  CHECK(content.find("rowCount > 1000 (measured 3 rows)") != std::string::npos);
}

TEST_CASE("a channel that is down is a FLOE-X113 warning after its retries, and the run's outcome is its own",
          "[run][alert][bad-input]") {
  // A warning rule: without the alert the run succeeds, and it still does.
  AlertProduct p(webhook(free_port()), "warning");
  auto started = std::chrono::steady_clock::now();
  auto run = floe_run(p);
  auto report = report_of(run);
  INFO(run.out << run.err);
  CHECK(run.exit_code == 0);
  CHECK(has_code(report, "FLOE-X113"));
  const json::object* step = alerts_step(report);
  REQUIRE(step != nullptr);
  CHECK(step->at("summary").at("undelivered") == 1);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::minutes(3));
}
