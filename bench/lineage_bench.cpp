// floe-lineage-bench: what OpenLineage emission costs a run, in-process.
//
//   build/bin/floe-lineage-bench [--project DIR | --models N --tests K] [--sink none|file|http] [--url URL]
//
// Feeds the lineage observer (libfloe-core/src/observe/lineage) the events
// of a run of a dbt project (each model started and finished, then each data
// test, as docs/run.md#events shapes them): the models and tests of DIR's
// target/manifest.json (bench/gen_dbt_project.py --manifest writes one; the
// observer reads it as in a real run), or N synthetic models with K tests
// each and no manifest. It reports, as
// one JSON object: the CPU time the run's thread spent in the observer
// (what lineage adds to a run), the time close() took to deliver what was
// left, and the process's resident memory before, after and at its peak,
// which must not grow with the number of events. --sink none builds and
// serializes every event and discards it; file appends to a temporary file;
// http posts to URL (e.g. the tests' receiver, tests/lineage/openlineage_receiver.py).
#include <fmt/format.h>

#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include <boost/json.hpp>

#include "observe/lineage/file_event_sink.hpp"
#include "observe/lineage/http_event_sink.hpp"
#include "observe/lineage/lineage_observer.hpp"

namespace json = boost::json;
using namespace floe::observe;

namespace {

class DiscardSink final : public EventSink {
 public:
  void send(std::string event) override { bytes_ += event.size(), ++count_; }
  void close() override {}
  SinkStats stats() const override { return {count_, 0, ""}; }
  std::string destination() const override { return "nowhere"; }

 private:
  std::size_t count_ = 0, bytes_ = 0;
};

long status_kb(const char* field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind(field, 0) == 0) return std::stol(line.substr(std::strlen(field)));
  return -1;
}

double thread_cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  int models = 1000, tests = 2;
  std::string sink_kind = "none", url, project;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--models") models = std::stoi(argv[i + 1]);
    else if (a == "--tests") tests = std::stoi(argv[i + 1]);
    else if (a == "--sink") sink_kind = argv[i + 1];
    else if (a == "--url") url = argv[i + 1];
    else if (a == "--project") project = argv[i + 1];
  }
  namespace fs = std::filesystem;
  fs::path dir = project.empty() ? fs::temp_directory_path() / fmt::format("floe-lineage-bench-{}", ::getpid())
                                 : fs::path(project);
  fs::create_directories(dir);
  // (name, unique_id) of the models, and the test names, in run order.
  std::vector<std::pair<std::string, std::string>> model_nodes;
  std::vector<std::string> test_names;
  if (!project.empty()) {
    std::ifstream in(dir / "target" / "manifest.json");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    json::value manifest = json::parse(text);
    for (const auto& [id, node] : manifest.at("nodes").as_object()) {
      std::string type(node.at("resource_type").as_string());
      if (type == "model") model_nodes.emplace_back(std::string(node.at("name").as_string()), std::string(id));
      if (type == "test") test_names.emplace_back(node.at("name").as_string());
    }
  } else {
    for (int m = 0; m < models; ++m) {
      std::string name = fmt::format("silver_model_{:05}", m);
      model_nodes.emplace_back(name, "model.bench." + name);
      for (int t = 0; t < tests; ++t) test_names.push_back(fmt::format("not_null_{}_c{}", name, t));
    }
  }
  json::object artifacts = json::parse(R"({
    "product": {"name": "bench"},
    "dbt": {"profile_name": "bench", "target": "floe", "projects": [{"name": "bench", "path": "."}]},
    "dbt_profiles": {"bench": {"outputs": {"floe": {"type": "duckdb", "path": "warehouse/bench.duckdb", "schema": "main"}}}}
  })").as_object();
  std::unique_ptr<EventSink> sink;
  if (sink_kind == "file") sink = std::make_unique<FileEventSink>((dir / "events.jsonl").string());
  else if (sink_kind == "http") sink = std::make_unique<HttpEventSink>(HttpSinkOptions{url + "/api/v1/lineage", {}});
  else sink = std::make_unique<DiscardSink>();
  EventSink* raw_sink = sink.get();
  floe::CompileReport report;
  long rss_start = status_kb("VmRSS:");
  LineageObserver observer({"bench", "bench", "bench.", "bench.ingestion.", "bench.quality"}, std::move(sink), artifacts,
                           dir.string(), report);

  auto at = [] { return std::string("2026-11-23T09:15:02.123Z"); };
  double cpu = 0;
  std::size_t fed = 0;
  auto feed = [&](json::object e) {
    e["at"] = at();
    double before = thread_cpu_ms();
    observer.on_event(e);
    cpu += thread_cpu_ms() - before;
    ++fed;
  };
  auto wall_start = std::chrono::steady_clock::now();
  feed({{"type", "run_started"}, {"run_id", "019a1b2c-3d4e-7f60-8a1b-2c3d4e5f6a7b"}});
  feed({{"type", "step_started"}, {"step", "transform"}, {"kind", "transform"}});
  for (const auto& [name, unique_id] : model_nodes) {
    json::object node{{"step", "transform"}, {"unique_id", unique_id}, {"name", name},
                      {"resource_type", "model"}, {"relation", fmt::format("\"bench\".\"main\".\"{}\"", name)},
                      {"started_at", "2026-11-23T09:15:03.000000Z"}};
    node["type"] = "node_started";
    feed(node);
    node["type"] = "node_finished";
    node["status"] = "success";
    node["finished_at"] = "2026-11-23T09:15:04.000000Z";
    feed(node);
  }
  feed({{"type", "step_finished"}, {"step", "transform"}, {"kind", "transform"}, {"status", "success"}});
  feed({{"type", "step_started"}, {"step", "quality"}, {"kind", "quality"}});
  for (const auto& name : test_names)
    feed({{"type", "node_finished"}, {"step", "quality"}, {"unique_id", "test.bench." + name}, {"name", name},
          {"resource_type", "test"}, {"status", "pass"}});
  feed({{"type", "step_finished"}, {"step", "quality"}, {"kind", "quality"}, {"status", "success"}});
  feed({{"type", "run_finished"}, {"run_id", "019a1b2c-3d4e-7f60-8a1b-2c3d4e5f6a7b"}, {"status", "success"}});
  double wall = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - wall_start).count();
  long rss_end = status_kb("VmRSS:");
  auto close_start = std::chrono::steady_clock::now();
  observer.close();
  double close_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - close_start).count();
  SinkStats stats = raw_sink->stats();
  std::error_code ec;
  if (project.empty()) fs::remove_all(dir, ec);
  fmt::print("{}\n", json::serialize(json::object{{"models", model_nodes.size()},
                                                  {"tests", test_names.size()},
                                                  {"sink", sink_kind},
                                                  {"run_events_fed", fed},
                                                  {"lineage_events", stats.delivered + stats.dropped},
                                                  {"delivered", stats.delivered},
                                                  {"dropped", stats.dropped},
                                                  {"observer_cpu_ms", cpu},
                                                  {"feed_wall_ms", wall},
                                                  {"close_ms", close_ms},
                                                  {"rss_start_kb", rss_start},
                                                  {"rss_end_kb", rss_end},
                                                  {"rss_peak_kb", status_kb("VmHWM:")}}));
  return 0;
}
