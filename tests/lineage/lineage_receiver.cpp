#include "lineage_receiver.hpp"

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "run_process.hpp"

namespace floe::test {
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

const fs::path kScript = fs::path(FLOE_TEST_SOURCE_DIR) / "tests/lineage/openlineage_receiver.py";
const fs::path kSchemas = fs::path(FLOE_TEST_SOURCE_DIR) / "tests/fixtures/openlineage";

std::vector<LineageRecord> parse_lines(const std::string& text) {
  std::vector<LineageRecord> out;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) out.push_back(json::parse(line).as_object());
  return out;
}

}  // namespace

std::unique_ptr<LineageReceiver> LineageReceiver::start(Mode mode, double delay_s, const std::string& api_key) {
  std::unique_ptr<LineageReceiver> r(new LineageReceiver());
  r->port_ = free_port();
  fs::path ready = r->dir_.path() / "ready";
  std::vector<std::string> argv{venv_python(),
                                kScript.string(),
                                "serve",
                                "--port",
                                std::to_string(r->port_),
                                "--schemas",
                                kSchemas.string(),
                                "--log",
                                (r->dir_.path() / "requests.jsonl").string(),
                                "--ready",
                                ready.string(),
                                "--mode",
                                mode == Mode::ok ? "ok" : mode == Mode::fail500 ? "fail500" : "slow",
                                "--delay",
                                std::to_string(delay_s)};
  if (!api_key.empty()) argv.insert(argv.end(), {"--api-key", api_key});
  r->process_ = std::make_unique<ChildProcess>(argv, (r->dir_.path() / "receiver.log").string());
  for (int i = 0; i < 200 && !fs::exists(ready); ++i) {
    if (!r->process_->running()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (!fs::exists(ready)) {
    std::ifstream log(r->dir_.path() / "receiver.log");
    std::stringstream text;
    text << log.rdbuf();
    throw std::runtime_error("the OpenLineage receiver did not start: " + text.str());
  }
  return r;
}

LineageReceiver::~LineageReceiver() = default;

std::vector<LineageRecord> LineageReceiver::records() const {
  std::ifstream log(dir_.path() / "requests.jsonl");
  std::stringstream text;
  text << log.rdbuf();
  return parse_lines(text.str());
}

std::vector<LineageRecord> check_lineage_file(const fs::path& file) {
  ProcessResult r = run_process(venv_python(), {kScript.string(), "check", "--schemas", kSchemas.string(), file.string()});
  if (r.exit_code != 0) throw std::runtime_error("openlineage_receiver.py check failed: " + r.err);
  return parse_lines(r.out);
}

std::vector<std::string> schema_errors(const std::vector<LineageRecord>& records) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < records.size(); ++i)
    for (const auto& e : records[i].at("errors").as_array())
      out.push_back("event " + std::to_string(i + 1) + ": " + std::string(e.as_string()));
  return out;
}

}  // namespace floe::test
