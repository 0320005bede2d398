#include "otel_collector.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "temp_dir.hpp"

namespace floe::test {
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

std::vector<json::object> read_requests(const std::string& path) {
  std::vector<json::object> out;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    boost::system::error_code ec;
    json::value v = json::parse(line, ec);
    if (!ec && v.is_object()) out.push_back(std::move(v.as_object()));
  }
  return out;
}

std::string config(int port, const std::string& dir) {
  return "receivers:\n"
         "  otlp:\n"
         "    protocols:\n"
         "      http:\n"
         "        endpoint: 127.0.0.1:" +
         std::to_string(port) +
         "\n"
         "exporters:\n"
         "  file/traces:\n"
         "    path: " +
         dir +
         "/traces.jsonl\n"
         "    flush_interval: 100ms\n"
         "  file/metrics:\n"
         "    path: " +
         dir +
         "/metrics.jsonl\n"
         "    flush_interval: 100ms\n"
         "service:\n"
         "  telemetry:\n"
         "    metrics:\n"
         "      level: none\n"
         "  pipelines:\n"
         "    traces: {receivers: [otlp], exporters: [file/traces]}\n"
         "    metrics: {receivers: [otlp], exporters: [file/metrics]}\n";
}

}  // namespace

std::string otel_collector_binary() {
  if (const char* env = std::getenv("FLOE_OTELCOL"); env != nullptr && *env != '\0') return env;
  return (fs::path(FLOE_TEST_SOURCE_DIR) / ".cache" / "otelcol" / "floe-otelcol").string();
}

std::unique_ptr<OtelCollector> OtelCollector::start() {
  std::string binary = otel_collector_binary();
  if (!fs::exists(binary))
    throw std::runtime_error(binary + " does not exist: run scripts/build-otelcol (scripts/bootstrap does)");
  std::unique_ptr<OtelCollector> c(new OtelCollector());
  std::string pattern = (fs::temp_directory_path() / "floe-otelcol-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  c->dir_ = pattern;
  // The port may be taken between free_port() and the collector's bind.
  for (int attempt = 0;; ++attempt) {
    c->port_ = free_port();
    write_file(c->dir_ + "/config.yaml", config(c->port_, c->dir_));
    c->process_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{binary, "--config", c->dir_ + "/config.yaml"}, c->dir_ + "/collector.log");
    if (wait_for_http(c->port_, "/v1/traces", *c->process_)) return c;
    c->process_.reset();
    if (attempt >= 2) throw std::runtime_error("the OpenTelemetry Collector did not start:\n" + c->log_tail());
  }
}

OtelCollector::~OtelCollector() {
  process_.reset();
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

std::string OtelCollector::host() const { return "127.0.0.1:" + std::to_string(port_); }
std::string OtelCollector::endpoint() const { return "http://" + host(); }

std::vector<json::object> OtelCollector::trace_requests() const { return read_requests(dir_ + "/traces.jsonl"); }
std::vector<json::object> OtelCollector::metric_requests() const { return read_requests(dir_ + "/metrics.jsonl"); }

bool OtelCollector::wait_for(const std::function<bool(const OtelCollector&)>& ready,
                             std::chrono::milliseconds timeout) const {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (ready(*this)) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

std::string OtelCollector::log_tail() const {
  std::string text = read_file(dir_ + "/collector.log");
  return text.size() > 3000 ? text.substr(text.size() - 3000) : text;
}

}  // namespace floe::test
