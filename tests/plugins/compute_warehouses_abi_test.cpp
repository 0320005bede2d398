// compute-warehouses through the C ABI: the four built plugin libraries,
// loaded with dlopen and called the way a host calls them. Connection checks
// run against loopback ports: a closed one, one that never answers, and a
// small HTTP responder standing in for Trino's /v1/info (no real Snowflake,
// BigQuery, Databricks or Trino is reachable here).
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <map>
#include <thread>

#include "plugin_harness.hpp"
#include "silent_port.hpp"

using floe::test::PluginHarness;

namespace {

boost::json::value json(const std::string& text) { return boost::json::parse(text); }

PluginHarness& plugin(const std::string& name) {
  // One harness per library for the life of the program (plugin_harness.hpp).
  static std::map<std::string, PluginHarness> harnesses;
  auto it = harnesses.find(name);
  if (it == harnesses.end())
    it = harnesses.try_emplace(name, std::string(FLOE_COMPUTE_PLUGIN_DIR) + "/floe_compute_" + name + ".so").first;
  return it->second;
}

// A loopback port nothing listens on.
int closed_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

// Answers every request on a loopback port with one fixed HTTP response.
class FixedResponder {
 public:
  explicit FixedResponder(std::string body) : body_(std::move(body)) {
    thread_ = std::thread([this] { serve(); });
  }
  ~FixedResponder() {
    stop_ = true;
    thread_.join();
  }
  int port() const { return listener_.port; }

 private:
  void serve() {
    while (!stop_) {
      pollfd p{listener_.fd, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      int client = ::accept(listener_.fd, nullptr, nullptr);
      if (client < 0) continue;
      char request[4096];
      (void)::recv(client, request, sizeof request, 0);
      std::string reply =
          "HTTP/1.1 200 OK\r\nContent-Type: "
          "application/json\r\nContent-Length: " +
          std::to_string(body_.size()) + "\r\nConnection: close\r\n\r\n" + body_;
      (void)::send(client, reply.data(), reply.size(), MSG_NOSIGNAL);
      ::close(client);
    }
  }

  floe::test::SilentPort listener_;  // listening; answered by serve()
  std::string body_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// A configuration of each plugin whose endpoint is 127.0.0.1:port over
// http (databricks speaks https only), with every secret from `secret_env`.
std::string local_config(const std::string& name, int port, const std::string& secret_env) {
  std::string p = std::to_string(port), ref = "\"env:" + secret_env + "\"";
  if (name == "snowflake")
    return R"({"account": "floe-test", "user": "DBT", "database": "D", "warehouse": "W", "schema": "S", "host": "127.0.0.1", "port": )" +
           p + R"(, "protocol": "http", "auth": {"method": "password", "password": )" + ref + "}}";
  if (name == "bigquery")
    return R"({"project": "floe-test", "dataset": "d", "api_endpoint": "http://127.0.0.1:)" + p +
           R"(", "auth": {"method": "service-account-json", "keyfile_json": )" + ref + "}}";
  if (name == "databricks")
    return R"({"host": "127.0.0.1:)" + p +
           R"(", "http_path": "/sql/1.0/warehouses/x", "schema": "s", "auth": {"method": "token", "token": )" + ref +
           "}}";
  return R"({"host": "127.0.0.1", "port": )" + p +
         R"(, "user": "dbt", "catalog": "lake", "schema": "s", "http_scheme": "http", "auth": {"method": "none"}})";
}

const char* const engines[] = {"snowflake", "bigquery", "databricks", "trino"};

}  // namespace

TEST_CASE("compute-warehouses ABI: the descriptors and their schemas") {
  for (std::string name : engines) {
    INFO(name);
    const floe_plugin_descriptor& descriptor = *plugin(name).plugin().descriptor;
    CHECK(descriptor.category == FLOE_CATEGORY_COMPUTE);
    CHECK(std::string(descriptor.name) == name);
    CHECK(std::string(descriptor.capabilities[0]) == "dbt-adapter:" + name);
    auto schema = json(descriptor.config_schema_json).as_object();
    CHECK(schema.at("additionalProperties") == false);
    for (const auto& [key, property] : schema.at("properties").as_object()) {
      INFO(key);
      CHECK(property.as_object().contains("description"));
    }
  }
}

TEST_CASE(
    "compute-warehouses ABI: every method answers, BigQuery and "
    "Databricks attach no catalog by SQL") {
  const char* catalog =
      R"({"catalog": {"type": "rest", "name": "lake", "uri": "http://127.0.0.1:8181/catalog",
      "client_id": "floe", "credentials": {"client_secret": "env:LAKE_SECRET"}}})";
  for (std::string name : engines) {
    INFO(name);
    auto& harness = plugin(name);
    REQUIRE(harness.configure(local_config(name, closed_port(), "FLOE_TEST_SECRET")).status == FLOE_OK);
    CHECK(json(harness.call("generate_dbt_profile", R"({"profile_name": "p", "target": "dev"})").body)
              .at("output")
              .at("type")
              .as_string() == name);
    CHECK(json(harness.call("get_required_dbt_packages", "{}").body).at("packages").as_array().size() == 1);
    CHECK(json(harness.call("get_resource_requirements", R"({"workload_size": "small"})").body).at("cpu_limit") ==
          "500m");
    CHECK(json(harness.call("get_dbt_macro_paths", "{}").body) == json(R"({"paths": []})"));
    auto sql = harness.call("get_catalog_attachment_sql", catalog);
    if (name == "bigquery" || name == "databricks") {
      CHECK(sql.status == FLOE_ERR_NOT_IMPLEMENTED);
      CHECK(sql.body.find(name == "bigquery" ? "BigLake" : "Unity Catalog") != std::string::npos);
    } else {
      REQUIRE(sql.status == FLOE_OK);
      CHECK(json(sql.body).at("env") == json(R"({"LAKE_SECRET": "env:LAKE_SECRET"})"));
    }
    // Strict requests, through the boundary with their code.
    auto unknown = harness.call("generate_dbt_profile", R"({"profile_name": "p", "target": "dev", "extra": 1})");
    CHECK(unknown.status == FLOE_ERR_INVALID_ARGUMENT);
    CHECK(unknown.body.starts_with("unknown key 'extra'"));
    CHECK(harness.call("get_required_dbt_packages", R"({"x": 1})").status == FLOE_ERR_INVALID_ARGUMENT);
    CHECK(harness.call("validate_connection", R"({"timeout_ms": "soon"})").status == FLOE_ERR_INVALID_ARGUMENT);
    CHECK(harness.call("get_resource_requirements", "{}").status == FLOE_ERR_INVALID_ARGUMENT);
  }
}

TEST_CASE("compute-warehouses ABI: trino builds a lake target that publishes after the checks and the others refuse one") {
  auto request = [](const char* catalog_name) {
    return std::string(R"({"profile_name": "p", "target": "floe_lake", "catalog": {"type": "rest", "name": ")") +
           catalog_name + R"(", "uri": "http://127.0.0.1:8181"}})";
  };
  for (std::string name : engines) {
    INFO(name);
    auto& harness = plugin(name);
    REQUIRE(harness.configure(local_config(name, closed_port(), "FLOE_TEST_SECRET")).status == FLOE_OK);
    auto answer = harness.call("generate_dbt_profile", request("lakehouse"));
    if (name != "trino") {
      CHECK(answer.status == FLOE_ERR_INVALID_ARGUMENT);
      CHECK(answer.body.starts_with("key 'catalog': "));
      continue;
    }
    REQUIRE(answer.status == FLOE_OK);
    auto lake = json(answer.body).as_object();
    // dbt builds and tests in the configured catalog, never the lake's.
    CHECK(lake.at("output").at("database") == "lake");
    CHECK(lake.at("dbt_package").at("name") == "floe_lake");
    std::string macros(lake.at("dbt_package").at("files").at("macros/commit_tables.sql").as_string());
    CHECK(macros.find("create or replace table") != std::string::npos);
    // A configured catalog that is the lake's own would publish unchecked data.
    auto same = harness.call("generate_dbt_profile", request("LAKE"));
    CHECK(same.status == FLOE_ERR_INVALID_CONFIG);
    CHECK(same.body.find("'lake' is the lake's own catalog") != std::string::npos);
  }
}

TEST_CASE(
    "compute-warehouses ABI: configuration errors cross the boundary "
    "naming the key") {
  auto bad = plugin("snowflake")
                 .configure(
                     R"({"account": "a", "database": "d", "warehouse": "w", "schema": "s",
      "auth": {"method": "keypair", "private_key": "-----BEGIN PRIVATE KEY-----MIIE"}})");
  CHECK(bad.status == FLOE_ERR_INVALID_CONFIG);
  CHECK(bad.body.starts_with("key 'auth.private_key': expected a secret reference"));
  CHECK(bad.body.find("MIIE") == std::string::npos);
  CHECK(plugin("trino").configure(R"({"host": "h", "port": 0})").status == FLOE_ERR_INVALID_CONFIG);
  CHECK(plugin("bigquery").configure("[1]").status == FLOE_ERR_INVALID_ARGUMENT);
}

TEST_CASE(
    "compute-warehouses ABI: a planted secret value never appears in any "
    "answer") {
  const std::string planted = "floe-planted-secret-9f3a7c";
  ::setenv("FLOE_TEST_PLANTED", planted.c_str(), 1);
  for (std::string name : engines) {
    INFO(name);
    auto& harness = plugin(name);
    // A host that resolves the reference: a plugin that asked would get it.
    harness.secrets()["env:FLOE_TEST_PLANTED"] = planted;
    REQUIRE(harness.configure(local_config(name, closed_port(), "FLOE_TEST_PLANTED")).status == FLOE_OK);
    std::vector<std::string> answers;
    for (auto [method, request] : std::initializer_list<std::pair<const char*, const char*>>{
             {"generate_dbt_profile", R"({"profile_name": "p", "target": "dev"})"},
             {"get_required_dbt_packages", "{}"},
             {"validate_connection", R"({"timeout_ms": 1000})"},
             {"health_check", R"({"timeout_ms": 1000})"},
             {"get_resource_requirements", R"({"workload_size": "large"})"},
             {"get_catalog_attachment_sql",
              R"({"catalog": {"type": "rest", "name": "lake", "uri": "http://h",
                 "credentials": {"token": "env:FLOE_TEST_PLANTED"}}})"},
             {"get_dbt_macro_paths", "{}"}})
      answers.push_back(harness.call(method, request).body);
    for (const auto& line : harness.log()) answers.push_back(line);
    for (const auto& answer : answers) CHECK(answer.find(planted) == std::string::npos);
    // The profile names the variable instead (trino's local config, method
    // none, has no secret; its catalog statement does).
    CHECK(answers[name == "trino" ? 5 : 0].find("FLOE_TEST_PLANTED") != std::string::npos);
    harness.secrets().clear();
  }
  ::unsetenv("FLOE_TEST_PLANTED");
}

TEST_CASE(
    "compute-warehouses ABI: an unreachable engine is unhealthy, quickly "
    "and clearly") {
  int port = closed_port();
  for (std::string name : engines) {
    INFO(name);
    auto& harness = plugin(name);
    REQUIRE(harness.configure(local_config(name, port, "FLOE_TEST_SECRET")).status == FLOE_OK);
    auto started = std::chrono::steady_clock::now();
    auto answer = json(harness.call("validate_connection", R"({"timeout_ms": 2000})").body);
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(2));
    CHECK(answer.at("status") == "unhealthy");
    std::string message(answer.at("message").as_string());
    CHECK(message.starts_with("cannot reach "));
    CHECK(message.find("127.0.0.1:" + std::to_string(port)) != std::string::npos);
    auto health = json(harness.call("health_check", R"({"timeout_ms": 2000})").body);
    CHECK(health.at("state") == "unhealthy");
  }
}

TEST_CASE(
    "compute-warehouses ABI: a silent engine is unhealthy when the "
    "budget runs out") {
  floe::test::SilentPort silent;
  for (std::string name : engines) {
    INFO(name);
    auto& harness = plugin(name);
    REQUIRE(harness.configure(local_config(name, silent.port, "FLOE_TEST_SECRET")).status == FLOE_OK);
    auto started = std::chrono::steady_clock::now();
    auto answer = json(harness.call("validate_connection", R"({"timeout_ms": 400})").body);
    auto took = std::chrono::steady_clock::now() - started;
    CHECK(took >= std::chrono::milliseconds(350));
    CHECK(took < std::chrono::milliseconds(2000));
    CHECK(answer.at("status") == "unhealthy");
    CHECK(std::string(answer.at("message").as_string()).find("within 400 ms") != std::string::npos);
  }
}

TEST_CASE(
    "compute-warehouses ABI: a Trino that answers /v1/info is healthy, "
    "any answer proves Snowflake reachable") {
  FixedResponder trino(
      R"({"nodeVersion": {"version": "476"}, "environment": "test", "coordinator": true, "starting": false, "uptime": "1.00m"})");
  auto& harness = plugin("trino");
  REQUIRE(harness.configure(local_config("trino", trino.port(), "")).status == FLOE_OK);
  auto answer = json(harness.call("validate_connection", "{}").body);
  CHECK(answer.at("status") == "healthy");
  CHECK(answer.at("message") == "Trino (version 476) is up and accepts queries");
  CHECK(answer.at("warnings").as_array().size() == 1);

  FixedResponder other("{}");
  auto& snowflake = plugin("snowflake");
  REQUIRE(snowflake.configure(local_config("snowflake", other.port(), "FLOE_TEST_SECRET")).status == FLOE_OK);
  auto health = json(snowflake.call("health_check", "{}").body);
  CHECK(health.at("state") == "healthy");
  CHECK(health.at("details").at("endpoint").as_string() == "http://127.0.0.1:" + std::to_string(other.port()) + "/");
  // Trino's check reads the answer: an HTTP server that is not Trino is not
  // healthy.
  REQUIRE(harness.configure(local_config("trino", other.port(), "")).status == FLOE_OK);
  CHECK(json(harness.call("validate_connection", "{}").body).at("status") == "degraded");
}
