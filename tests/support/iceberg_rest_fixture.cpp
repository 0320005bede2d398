#include "iceberg_rest_fixture.hpp"

#include <boost/json.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "temp_dir.hpp"

namespace floe::test {
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

std::string make_dir(const char* prefix) {
  std::string pattern = (fs::temp_directory_path() / (std::string(prefix) + "-XXXXXX")).string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

// Polls GET `path` until it answers or `child` dies or `seconds` pass.
bool wait_until_up(int port, const std::string& path, ChildProcess& child, int seconds) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    if (http_status(port, path) > 0) return true;
    if (!child.running()) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

std::string java_binary() {
  if (const char* env = std::getenv("FLOE_JAVA"); env != nullptr && *env != '\0') return env;
  return "/usr/bin/java";
}

}  // namespace

std::string iceberg_rest_jar() {
  if (const char* env = std::getenv("FLOE_ICEBERG_REST_JAR"); env != nullptr && *env != '\0') return env;
  return (fs::path(FLOE_TEST_SOURCE_DIR) / ".cache" / "iceberg-rest" / "iceberg-open-api-1.10.1.jar").string();
}

std::unique_ptr<IcebergRestServer> IcebergRestServer::start() { return start_with({}); }

std::unique_ptr<IcebergRestServer> IcebergRestServer::start_on_s3(const S3Server& store, const std::string& bucket) {
  return start_with({{"CATALOG_WAREHOUSE", "s3://" + bucket + "/warehouse"},
                     {"CATALOG_IO__IMPL", "org.apache.iceberg.aws.s3.S3FileIO"},
                     {"CATALOG_S3_ENDPOINT", store.endpoint()},
                     {"CATALOG_S3_PATH__STYLE__ACCESS", "true"},
                     {"CATALOG_S3_ACCESS__KEY__ID", S3Server::access_key()},
                     {"CATALOG_S3_SECRET__ACCESS__KEY", S3Server::secret_key()},
                     {"AWS_REGION", S3Server::region()}});
}

std::unique_ptr<IcebergRestServer> IcebergRestServer::start_with(const std::map<std::string, std::string>& settings) {
  std::string jar = iceberg_rest_jar();
  if (!fs::exists(jar))
    throw std::runtime_error("the Iceberg REST fixture jar " + jar +
                             " does not exist: run scripts/fetch-iceberg-rest (scripts/bootstrap does)");
  if (!fs::exists(java_binary()))
    throw std::runtime_error(java_binary() + " does not exist: install default-jdk-headless (scripts/bootstrap does)");
  std::unique_ptr<IcebergRestServer> s(new IcebergRestServer());
  s->dir_ = make_dir("floe-iceberg-rest");
  fs::create_directories(s->warehouse_dir());
  for (int attempt = 0;; ++attempt) {
    s->port_ = free_port();
    // The fixture reads its configuration from CATALOG_* variables.
    ::setenv("CATALOG_REST_PORT", std::to_string(s->port_).c_str(), 1);
    ::setenv("CATALOG_WAREHOUSE", ("file://" + s->warehouse_dir()).c_str(), 1);
    // One JDBC connection: each connection to jdbc:sqlite::memory: is its own
    // empty database, so a second pooled one fails concurrent requests.
    ::setenv("CATALOG_CLIENTS", "1", 1);
    for (const auto& [name, value] : settings) ::setenv(name.c_str(), value.c_str(), 1);
    s->process_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{java_binary(), "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar},
        s->dir_ + "/server.log");
    ::unsetenv("CATALOG_REST_PORT");
    ::unsetenv("CATALOG_WAREHOUSE");
    ::unsetenv("CATALOG_CLIENTS");
    for (const auto& [name, value] : settings) ::unsetenv(name.c_str());
    if (wait_until_up(s->port_, "/v1/config", *s->process_, 90)) return s;
    bool collision = read_file(s->dir_ + "/server.log").find("Address already in use") != std::string::npos;
    s->process_.reset();
    if (!collision || attempt >= 2)
      throw std::runtime_error("the Iceberg REST fixture did not answer GET /v1/config on port " +
                               std::to_string(s->port_) + " within 90 s:\n" + s->log_tail());
  }
}

IcebergRestServer& IcebergRestServer::shared() {
  static std::unique_ptr<IcebergRestServer> server = start();
  return *server;
}

IcebergRestServer::~IcebergRestServer() {
  process_.reset();
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

std::string IcebergRestServer::host() const { return "127.0.0.1:" + std::to_string(port_); }
std::string IcebergRestServer::uri() const { return "http://" + host(); }
std::string IcebergRestServer::log_tail() const { return file_tail(dir_ + "/server.log"); }

// ---- The fault proxy ------------------------------------------------------------

IcebergFaultScenario vending_scenario(const S3Server& store, const std::string& bucket) {
  IcebergFaultScenario scenario;
  scenario.vend_credentials = true;
  scenario.vended_key_id = S3Server::access_key();
  scenario.vended_secret = S3Server::secret_key();
  scenario.vended_session_token = false;
  scenario.vended_prefix = "s3://" + bucket + "/";
  scenario.vended_config = {{"s3.endpoint", store.endpoint()},
                            {"s3.path-style-access", "true"},
                            {"client.region", S3Server::region()}};
  scenario.serialize_upstream = true;
  return scenario;
}

std::unique_ptr<IcebergFaultProxy> IcebergFaultProxy::start(const IcebergRestServer& upstream,
                                                            const IcebergFaultScenario& sc) {
  std::unique_ptr<IcebergFaultProxy> p(new IcebergFaultProxy());
  p->dir_ = make_dir("floe-iceberg-proxy");
  json::object o{{"client_id", sc.client_id},
                 {"client_secret", sc.client_secret},
                 {"require_scope", sc.require_scope},
                 {"token_expires_in", sc.token_expires_in},
                 {"revoke_first_tokens", sc.revoke_first_tokens},
                 {"inject_into_token", sc.inject_into_token},
                 {"always_401", sc.always_401},
                 {"forbid_match", sc.forbid_match},
                 {"match", sc.match},
                 {"fail_first", sc.fail_first},
                 {"fail_status", sc.fail_status},
                 {"fail_method", sc.fail_method},
                 {"fail_type", sc.fail_type},
                 {"delay_s", sc.delay_s},
                 {"endless_body", sc.endless_body},
                 {"hold_dir", sc.hold_dir},
                 {"corrupt_metadata", sc.corrupt_metadata},
                 {"serialize_upstream", sc.serialize_upstream},
                 {"vend_credentials", sc.vend_credentials},
                 {"vended_secret", sc.vended_secret},
                 {"vended_key_id", sc.vended_key_id},
                 {"vended_session_token", sc.vended_session_token},
                 {"vended_prefix", sc.vended_prefix},
                 {"vended_config", json::value_from(sc.vended_config)}};
  json::object defaults, overrides;
  for (const auto& [k, v] : sc.config_defaults) defaults[k] = v;
  for (const auto& [k, v] : sc.config_overrides) overrides[k] = v;
  o["config_defaults"] = std::move(defaults);
  o["config_overrides"] = std::move(overrides);
  std::string script = (fs::path(FLOE_TEST_SOURCE_DIR) / "tests" / "iceberg" / "iceberg_fault_proxy.py").string();
  for (int attempt = 0;; ++attempt) {
    p->port_ = free_port();
    write_file(p->dir_ + "/requests.log", "");
    p->process_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{"/usr/bin/python3", script, std::to_string(p->port_), upstream.host(),
                                 json::serialize(o), p->dir_ + "/requests.log"},
        p->dir_ + "/proxy.log");
    if (wait_until_up(p->port_, "/__health", *p->process_, 15)) return p;
    p->process_.reset();
    if (attempt >= 2) throw std::runtime_error("the Iceberg fault proxy did not start:\n" + p->log_tail());
  }
}

IcebergFaultProxy::~IcebergFaultProxy() {
  process_.reset();
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

std::string IcebergFaultProxy::uri() const { return "http://127.0.0.1:" + std::to_string(port_); }
std::string IcebergFaultProxy::log_tail() const { return file_tail(dir_ + "/proxy.log"); }

std::vector<IcebergProxyLogEntry> IcebergFaultProxy::requests() const {
  std::vector<IcebergProxyLogEntry> out;
  std::istringstream in(read_file(dir_ + "/requests.log"));
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> f;
    std::istringstream fields(line);
    for (std::string x; std::getline(fields, x, '\t');) f.push_back(x);
    if (f.size() < 4) continue;  // getline drops an empty last field
    out.push_back({f[0], f[1], std::atoi(f[2].c_str()), f[3] == "1", f.size() > 4 ? f[4] : std::string()});
  }
  return out;
}

int IcebergFaultProxy::token_requests() const {
  int n = 0;
  for (const auto& r : requests())
    if (r.path.size() >= 6 && r.path.compare(r.path.size() - 6, 6, "/token") == 0) ++n;
    else if (r.path.find("/oauth/tokens") != std::string::npos) ++n;
  return n;
}

}  // namespace floe::test
