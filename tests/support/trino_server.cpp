#include "trino_server.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <stdexcept>
#include <thread>

#include "iceberg_rest_fixture.hpp"
#include "run_process.hpp"
#include "s3_server.hpp"
#include "temp_dir.hpp"

namespace floe::test {
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

std::string from_env_or(const char* name, const fs::path& fallback) {
  if (const char* env = std::getenv(name); env != nullptr && *env != '\0') return env;
  return fallback.string();
}

// The major version a JDK's `release` file declares (JAVA_VERSION="25.0.1").
int java_major(const fs::path& jdk) {
  std::ifstream in(jdk / "release");
  std::string line;
  static const std::regex version("^JAVA_VERSION=\"([0-9]+)");
  std::smatch m;
  while (std::getline(in, line))
    if (std::regex_search(line, m, version)) return std::stoi(m[1]);
  return 0;
}

void write_properties(const fs::path& file, const std::map<std::string, std::string>& properties) {
  std::string text;
  for (const auto& [key, value] : properties) text += key + "=" + value + "\n";
  write_file(file, text);
}

// Whether /v1/info says the server has started.
bool started(int port) {
  auto r = run_process("/usr/bin/curl", {"-sf", "--max-time", "5", "http://127.0.0.1:" + std::to_string(port) + "/v1/info"});
  if (r.exit_code != 0) return false;
  boost::system::error_code ec;
  json::value info = json::parse(r.out, ec);
  return !ec && info.is_object() && info.as_object().contains("starting") && info.at("starting") == false;
}

}  // namespace

std::string trino_home() {
  return from_env_or("FLOE_TRINO_HOME", fs::path(FLOE_TEST_SOURCE_DIR) / ".cache" / "trino" / "trino-server-476");
}

std::string adapters_venv() {
  return from_env_or("FLOE_ADAPTERS_VENV", fs::path(FLOE_TEST_SOURCE_DIR) / ".cache" / "adapters-venv");
}

std::string trino_java_home() {
  if (const char* env = std::getenv("FLOE_TRINO_JAVA_HOME"); env != nullptr && *env != '\0') return env;
  std::error_code ec;
  std::vector<fs::path> jdks;
  for (fs::directory_iterator it("/usr/lib/jvm", ec), end; !ec && it != end; it.increment(ec))
    if (!it->is_symlink(ec) && java_major(it->path()) >= 24) jdks.push_back(it->path());
  std::sort(jdks.begin(), jdks.end());
  return jdks.empty() ? std::string() : jdks.front().string();
}

std::map<std::string, std::string> TrinoServer::iceberg_rest(const IcebergRestServer& catalog, const S3Server& store) {
  return {{"connector.name", "iceberg"},
          {"iceberg.catalog.type", "rest"},
          {"iceberg.rest-catalog.uri", catalog.uri()},
          {"iceberg.rest-catalog.warehouse", "lakehouse"},
          {"fs.native-s3.enabled", "true"},
          {"s3.endpoint", store.endpoint()},
          {"s3.path-style-access", "true"},
          {"s3.region", S3Server::region()},
          {"s3.aws-access-key", S3Server::access_key()},
          {"s3.aws-secret-key", S3Server::secret_key()}};
}

std::unique_ptr<TrinoServer> TrinoServer::start(const std::vector<TrinoCatalog>& catalogs) {
  auto server = launch(catalogs);
  server->wait_until_started();
  return server;
}

std::unique_ptr<TrinoServer> TrinoServer::launch(const std::vector<TrinoCatalog>& catalogs) {
  std::string home = trino_home();
  if (!fs::exists(home + "/bin/launcher") || !fs::exists(home + "/plugin/iceberg"))
    throw std::runtime_error(home + " has no Trino server with its iceberg connector: run scripts/fetch-trino "
                                    "(scripts/bootstrap-test-tools does)");
  std::string java = trino_java_home();
  if (java.empty())
    throw std::runtime_error("Trino 476 needs Java 24 or newer and /usr/lib/jvm has none (the machines carry "
                             "Temurin 25 in /usr/lib/jvm/temurin-25-jdk-amd64); set FLOE_TRINO_JAVA_HOME");
  std::unique_ptr<TrinoServer> t(new TrinoServer());
  std::string pattern = (fs::temp_directory_path() / "floe-trino-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  t->dir_ = pattern;
  fs::path etc = fs::path(t->dir_) / "etc";
  fs::create_directories(etc / "catalog");
  fs::create_directories(fs::path(t->dir_) / "data");
  t->port_ = free_port();
  std::string port = std::to_string(t->port_);
  write_properties(etc / "node.properties", {{"node.environment", "floe_test"},
                                             {"node.id", "floe-test-coordinator"},
                                             {"node.data-dir", t->dir_ + "/data"},
                                             {"node.bind-ip", "127.0.0.1"},
                                             {"node.internal-address", "127.0.0.1"}});
  write_properties(etc / "config.properties", {{"coordinator", "true"},
                                               {"node-scheduler.include-coordinator", "true"},
                                               {"http-server.http.port", port},
                                               {"discovery.uri", "http://127.0.0.1:" + port},
                                               {"query.max-memory", "512MB"},
                                               {"query.max-memory-per-node", "512MB"}});
  // A small heap: the tests' tables are a few rows, and the machine runs
  // Spark and the catalog beside it.
  write_file(etc / "jvm.config", "-server\n-Xmx1536M\n-XX:+UseG1GC\n-XX:+ExitOnOutOfMemoryError\n"
                                 "-Djdk.attach.allowAttachSelf=true\n");
  for (const auto& catalog : catalogs) write_properties(etc / "catalog" / (catalog.name + ".properties"), catalog.properties);
  // The launcher execs java (keeping the PID): stopping the child stops the JVM.
  t->process_ = std::make_unique<ChildProcess>(
      std::vector<std::string>{"/usr/bin/env", "JAVA_HOME=" + java, "PATH=" + java + "/bin:/usr/bin:/bin",
                               home + "/bin/launcher", "run", "--etc-dir", etc.string(), "--data-dir",
                               t->dir_ + "/data"},
      t->dir_ + "/server.log");
  return t;
}

void TrinoServer::wait_until_started() {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(240);
  while (std::chrono::steady_clock::now() < deadline) {
    if (started(port_)) return;
    if (!process_->running()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  throw std::runtime_error("Trino did not start within 240 s:\n" + log_tail());
}

TrinoServer::~TrinoServer() {
  process_.reset();
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

json::value TrinoServer::query(const std::string& sql) const {
  const char* script = R"py(
import json, sys, trino
cursor = trino.dbapi.connect(host="127.0.0.1", port=int(sys.argv[1]), user="floe").cursor()
cursor.execute(sys.argv[2])
print(json.dumps(cursor.fetchall(), default=str))
)py";
  auto r = run_process(adapters_venv() + "/bin/python", {"-c", script, std::to_string(port_), sql});
  if (r.exit_code != 0) throw std::runtime_error("Trino refused '" + sql + "':\n" + r.err);
  return json::parse(r.out);
}

void TrinoServer::stop() {
  if (process_) process_->stop();
}

std::string TrinoServer::log_tail() const { return file_tail(dir_ + "/server.log"); }

}  // namespace floe::test
