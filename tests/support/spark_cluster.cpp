#include "spark_cluster.hpp"

#include <boost/json.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include "run_process.hpp"
#include "temp_dir.hpp"

namespace floe::test {
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

// The master's view of the cluster (its web UI's JSON), null when it does not answer.
json::value master_state(int ui_port) {
  auto r = run_process("/usr/bin/curl", {"-sf", "--max-time", "5", "http://127.0.0.1:" + std::to_string(ui_port) + "/json/"});
  if (r.exit_code != 0) return nullptr;
  boost::system::error_code ec;
  json::value v = json::parse(r.out, ec);
  return ec ? json::value(nullptr) : v;
}

// pyspark's own directory: spark-class finds Spark's jars there. Left to
// itself it asks whatever python3 is first on PATH, which may not be the
// virtualenv's.
std::string spark_home() {
  std::error_code ec;
  for (fs::directory_iterator it(spark_venv() + "/lib", ec), end; !ec && it != end; it.increment(ec))
    if (fs::path home = it->path() / "site-packages" / "pyspark"; fs::exists(home / "jars", ec)) return home.string();
  throw std::runtime_error("no pyspark with its jars under " + spark_venv() + "/lib: run scripts/bootstrap-spark");
}

}  // namespace

std::string spark_venv() {
  if (const char* env = std::getenv("FLOE_SPARK_VENV"); env != nullptr && *env != '\0') return env;
  return (fs::path(FLOE_TEST_SOURCE_DIR) / ".cache" / "spark-venv").string();
}

std::unique_ptr<ChildProcess> SparkCluster::launch(const std::vector<std::string>& args, const std::string& log) {
  std::string spark_class = spark_venv() + "/bin/spark-class";
  // /usr/bin/env sets Spark's variables and execs spark-class, whose exec of
  // java keeps the PID: stopping the child stops the JVM.
  std::vector<std::string> argv{"/usr/bin/env",
                                "SPARK_HOME=" + spark_home(),
                                "SPARK_LOCAL_IP=127.0.0.1",
                                "SPARK_LOG_DIR=" + dir_ + "/logs",
                                "SPARK_WORKER_DIR=" + dir_ + "/work",
                                "SPARK_NO_DAEMONIZE=1",
                                spark_class};
  argv.insert(argv.end(), args.begin(), args.end());
  return std::make_unique<ChildProcess>(argv, log);
}

std::unique_ptr<SparkCluster> SparkCluster::start(int workers) {
  if (!fs::exists(spark_venv() + "/bin/spark-class"))
    throw std::runtime_error(spark_venv() + "/bin/spark-class does not exist: run scripts/bootstrap-spark "
                             "(scripts/bootstrap-test-tools does)");
  std::unique_ptr<SparkCluster> c(new SparkCluster());
  std::string pattern = (fs::temp_directory_path() / "floe-spark-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  c->dir_ = pattern;
  fs::create_directories(c->dir_ + "/logs");
  fs::create_directories(c->dir_ + "/work");
  c->master_port_ = free_port();
  c->master_ui_port_ = free_port();
  c->master_ = c->launch({"org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                          std::to_string(c->master_port_), "--webui-port", std::to_string(c->master_ui_port_)},
                         c->dir_ + "/master.log");
  // Each worker: 1 core and 1 GB, so two of them make a cluster of 2 cores
  // whose executors are separate JVMs.
  for (int i = 0; i < workers; ++i)
    c->workers_.push_back(c->launch({"org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "1",
                                     "--memory", "1g", "--webui-port", std::to_string(free_port()), "--work-dir",
                                     c->dir_ + "/work/" + std::to_string(i), c->master_url()},
                                    c->dir_ + "/worker-" + std::to_string(i) + ".log"));
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(180);
  while (std::chrono::steady_clock::now() < deadline) {
    if (c->alive_workers() == workers) return c;
    if (!c->master_->running()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  throw std::runtime_error("the Spark cluster did not come up with " + std::to_string(workers) +
                           " ALIVE workers within 180 s:\n" + c->log_tail());
}

SparkCluster::~SparkCluster() {
  workers_.clear();
  master_.reset();
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

std::string SparkCluster::master_url() const { return "spark://127.0.0.1:" + std::to_string(master_port_); }

int SparkCluster::alive_workers() const {
  json::value state = master_state(master_ui_port_);
  if (!state.is_object()) return -1;
  int alive = 0;
  if (const json::value* list = state.as_object().if_contains("workers"); list != nullptr && list->is_array())
    for (const auto& w : list->as_array())
      if (w.is_object() && w.as_object().contains("state") && w.at("state") == "ALIVE") ++alive;
  return alive;
}

int SparkCluster::completed_apps() const {
  json::value state = master_state(master_ui_port_);
  const json::value* apps = state.is_object() ? state.as_object().if_contains("completedapps") : nullptr;
  return apps != nullptr && apps->is_array() ? static_cast<int>(apps->as_array().size()) : -1;
}

void SparkCluster::stop_worker(std::size_t index) {
  if (index < workers_.size() && workers_[index]) workers_[index]->stop();
}

void SparkCluster::kill_worker(std::size_t index) {
  if (index < workers_.size() && workers_[index]) workers_[index]->kill();
}

void SparkCluster::stop_master() {
  if (master_) master_->stop();
}

std::string SparkCluster::log_tail() const {
  std::string out = "--- master\n" + file_tail(dir_ + "/master.log");
  for (std::size_t i = 0; i < workers_.size(); ++i)
    out += "\n--- worker " + std::to_string(i) + "\n" + file_tail(dir_ + "/worker-" + std::to_string(i) + ".log");
  return out;
}

}  // namespace floe::test
