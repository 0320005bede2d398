// storage-s3 end to end through libfloe-core's registry (discovered in the
// build tree, configured with schema validation by the host, secrets
// resolved by the host's get_secret) against a real S3 server, versitygw
// (tests/support/s3_server.hpp): the connection check's every outcome, and
// the FileIO properties it emits driving PyIceberg's PyArrowFileIO.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "floe/registry.h"
#include "registry_outcome.hpp"
#include "run_process.hpp"
#include "s3_server.hpp"
#include "silent_port.hpp"
#include "temp_dir.hpp"

namespace {

namespace json = boost::json;
using floe::test::Outcome;
using floe::test::outcome_of;
using floe::test::S3Server;
using floe::test::SilentPort;

// One server for the whole program (~0.4 s to start), with its buckets.
const S3Server& server() {
  static std::unique_ptr<S3Server> s = [] {
    auto started = S3Server::start();
    started->create_bucket("lake");
    return started;
  }();
  return *s;
}

// The test's own environment holds the keys; the plugin gets references.
const char* kKeyVar = "FLOE_TEST_S3_ACCESS_KEY";
const char* kSecretVar = "FLOE_TEST_S3_SECRET_KEY";
const char* kWrongVar = "FLOE_TEST_S3_WRONG_SECRET";
const char* kWrongSecret = "not-the-secret-4711";

void export_keys() {
  ::setenv(kKeyVar, S3Server::access_key(), 1);
  ::setenv(kSecretVar, S3Server::secret_key(), 1);
  ::setenv(kWrongVar, kWrongSecret, 1);
}

struct Storage {
  floe::test::RegistryPtr registry = floe::test::build_tree_registry();
  floe_handle* handle = nullptr;
  Outcome opened;
  explicit Storage(const std::string& config) {
    opened = outcome_of([&](floe_buffer*, floe_error* error) {
      return floe_registry_open(registry.get(), "storage", "s3", config.c_str(), &handle, error);
    });
  }
  ~Storage() {
    if (handle != nullptr) floe_handle_free(handle);
  }
  Outcome call(const char* method, const std::string& request) const {
    return outcome_of([&](floe_buffer* out, floe_error* error) {
      return floe_handle_call(handle, method, request.c_str(), out, error);
    });
  }
  json::object check(const std::string& request) const {
    auto answer = call("validate_connection", request);
    INFO(answer.body);
    REQUIRE(answer.status == FLOE_OK);
    return json::parse(answer.body).as_object();
  }
};

std::string config_for(const std::string& endpoint, const std::string& bucket, int timeout_ms = 5000) {
  return json::serialize(json::object{{"endpoint", endpoint},
                                      {"bucket", bucket},
                                      {"region", "us-east-1"},
                                      {"path_style_access", true},
                                      {"timeout_ms", timeout_ms}});
}

std::string secrets_request(const char* secret_var) {
  return json::serialize(json::object{
      {"secrets", json::object{{"access_key_id", std::string("env:") + kKeyVar},
                               {"secret_access_key", std::string("env:") + secret_var}}}});
}

std::string message_of(const json::object& answer) { return std::string(answer.at("message").as_string()); }


}  // namespace

TEST_CASE("storage-s3 server: the example platform's configuration is accepted, a wrong one refused by the schema",
          "[storage-s3]") {
  Storage good(R"({"endpoint": "http://minio:9000", "bucket": "acme-lake", "region": "us-east-1",
                   "path_style_access": true})");
  INFO(good.opened.body);
  CHECK(good.opened.status == FLOE_OK);
  Storage unknown(R"({"bucket": "acme-lake", "path_style": true})");
  CHECK(unknown.opened.status == FLOE_ERR_INVALID_CONFIG);
  CHECK(unknown.opened.body.find("path_style") != std::string::npos);
  Storage no_bucket(R"({"endpoint": "http://minio:9000"})");
  CHECK(no_bucket.opened.status == FLOE_ERR_INVALID_CONFIG);
  Storage bad_mode(R"({"bucket": "acme-lake", "credentials": {"mode": "password"}})");
  CHECK(bad_mode.opened.status == FLOE_ERR_INVALID_CONFIG);
}

TEST_CASE("storage-s3 server: the right credentials pass the check", "[storage-s3][versitygw]") {
  export_keys();
  Storage s3(config_for(server().endpoint(), "lake"));
  REQUIRE(s3.opened.status == FLOE_OK);
  auto answer = s3.check(secrets_request(kSecretVar));
  INFO(json::serialize(answer));
  CHECK(answer.at("status") == "healthy");
  CHECK(message_of(answer).find("bucket 'lake'") != std::string::npos);
  CHECK(message_of(answer).find(server().endpoint()) != std::string::npos);
}

TEST_CASE("storage-s3 server: wrong credentials name the bucket and endpoint, never the secret",
          "[storage-s3][versitygw]") {
  export_keys();
  Storage s3(config_for(server().endpoint(), "lake"));
  auto answer = s3.check(secrets_request(kWrongVar));
  INFO(json::serialize(answer));
  CHECK(answer.at("status") == "unhealthy");
  std::string message = message_of(answer);
  CHECK(message.find("refused the credentials") != std::string::npos);
  CHECK(message.find("bucket 'lake'") != std::string::npos);
  CHECK(message.find(server().endpoint()) != std::string::npos);
  CHECK(json::serialize(answer).find(kWrongSecret) == std::string::npos);
  CHECK(json::serialize(answer).find(S3Server::secret_key()) == std::string::npos);

  // An access key the server does not know is refused the same way.
  ::setenv("FLOE_TEST_S3_UNKNOWN_KEY", "nobody", 1);
  auto unknown = s3.check(R"({"secrets": {"access_key_id": "env:FLOE_TEST_S3_UNKNOWN_KEY",
                                          "secret_access_key": "env:FLOE_TEST_S3_WRONG_SECRET"}})");
  INFO(json::serialize(unknown));
  CHECK(unknown.at("status") == "unhealthy");
  CHECK(message_of(unknown).find("refused the credentials") != std::string::npos);
}

TEST_CASE("storage-s3 server: a bucket that does not exist is said to be missing", "[storage-s3][versitygw]") {
  export_keys();
  Storage s3(config_for(server().endpoint(), "no-such-lake"));
  auto answer = s3.check(secrets_request(kSecretVar));
  INFO(json::serialize(answer));
  CHECK(answer.at("status") == "unhealthy");
  CHECK(message_of(answer).find("bucket 'no-such-lake' does not exist at the S3 endpoint " + server().endpoint()) !=
        std::string::npos);
}

TEST_CASE("storage-s3 server: an endpoint that is down, and one that never answers", "[storage-s3]") {
  export_keys();
  int port = floe::test::free_port();  // nothing listens on it
  std::string down = "http://127.0.0.1:" + std::to_string(port);
  Storage s3(config_for(down, "lake"));
  auto answer = s3.check(secrets_request(kSecretVar));
  INFO(json::serialize(answer));
  CHECK(answer.at("status") == "unhealthy");
  CHECK(message_of(answer).find("cannot connect to the S3 endpoint " + down + " for bucket 'lake'") !=
        std::string::npos);

  SilentPort silent;
  std::string slow = "http://127.0.0.1:" + std::to_string(silent.port);
  Storage stuck(config_for(slow, "lake", 60000));
  auto started = std::chrono::steady_clock::now();
  auto timed_out = stuck.check(R"({"timeout_ms": 400, "secrets": {"access_key_id": "env:FLOE_TEST_S3_ACCESS_KEY",
                                   "secret_access_key": "env:FLOE_TEST_S3_SECRET_KEY"}})");
  auto took = std::chrono::steady_clock::now() - started;
  INFO(json::serialize(timed_out));
  CHECK(timed_out.at("status") == "unhealthy");
  CHECK(message_of(timed_out).find("the S3 endpoint " + slow + " gave no answer about bucket 'lake' within 400 ms") !=
        std::string::npos);
  CHECK(took < std::chrono::seconds(5));
}

TEST_CASE("storage-s3 server: a secret reference that cannot be resolved is named, not guessed", "[storage-s3]") {
  ::unsetenv("FLOE_TEST_S3_UNSET");
  export_keys();
  Storage s3(config_for(server().endpoint(), "lake"));
  auto answer = s3.check(R"({"secrets": {"access_key_id": "env:FLOE_TEST_S3_ACCESS_KEY",
                                         "secret_access_key": "env:FLOE_TEST_S3_UNSET"}})");
  CHECK(answer.at("status") == "unhealthy");
  CHECK(message_of(answer).find("env:FLOE_TEST_S3_UNSET") != std::string::npos);
  // A value where a reference belongs is refused, and not echoed.
  auto literal = s3.call("validate_connection", R"({"secrets": {"access_key_id": "AKIAVALUE",
                                                                "secret_access_key": "env:X"}})");
  CHECK(literal.status == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(literal.body.find("AKIAVALUE") == std::string::npos);
}

TEST_CASE("storage-s3 server: PyIceberg's PyArrowFileIO writes and reads with exactly the emitted properties",
          "[storage-s3][versitygw][pyiceberg]") {
  export_keys();
  Storage s3(config_for(server().endpoint(), "lake"));
  auto answer = s3.call("get_fileio_config", secrets_request(kSecretVar));
  INFO(answer.body);
  REQUIRE(answer.status == FLOE_OK);
  auto fileio = json::parse(answer.body).as_object();
  auto location = json::parse(s3.call("get_warehouse_uri", R"({"namespace": "fileio"})").body).at("uri");

  // The test resolves the secret properties from its own environment.
  auto resolved = [&](const char* secret_var) {
    json::object properties = fileio.at("properties").as_object();
    for (const auto& [key, reference] : fileio.at("secret_properties").as_object()) {
      std::string ref(reference.as_string());
      REQUIRE(ref.rfind("env:", 0) == 0);
      std::string variable = ref.substr(4) == kSecretVar ? secret_var : ref.substr(4);
      properties[key] = std::getenv(variable.c_str());
    }
    return properties;
  };
  floe::test::TempDir dir;
  auto run = [&](const json::object& properties, const std::string& key) {
    auto spec = dir.path() / "spec.json";
    floe::test::write_file(spec, json::serialize(json::object{
                                     {"properties", properties},
                                     {"location", std::string(location.as_string()) + "/" + key},
                                     {"payload", "written by pyiceberg through floe's storage-s3 properties"}}));
    std::filesystem::permissions(spec, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    return floe::test::run_process(FLOE_TEST_VENV "/bin/python",
                                   {FLOE_TEST_SOURCE_DIR "/tests/plugins/storage_s3_fileio.py", spec.string()});
  };

  auto written = run(resolved(kSecretVar), "object.txt");
  INFO(written.out << written.err);
  REQUIRE(written.exit_code == 0);
  auto result = json::parse(written.out);
  CHECK(result.at("read") == "written by pyiceberg through floe's storage-s3 properties");
  CHECK(result.at("exists") == true);
  // Independently of PyIceberg: the object is in the bucket on disk.
  CHECK(floe::test::read_file(server().bucket_dir("lake") + "/fileio/object.txt") ==
        "written by pyiceberg through floe's storage-s3 properties");

  // The properties are what made it work: the wrong secret fails.
  auto refused = run(resolved(kWrongVar), "refused.txt");
  CHECK(refused.exit_code != 0);
  CHECK_FALSE(std::filesystem::exists(server().bucket_dir("lake") + "/fileio/refused.txt"));
}

TEST_CASE("storage-s3 server: DuckDB's httpfs writes and reads with exactly the dbt profile settings",
          "[storage-s3][versitygw][duckdb]") {
  export_keys();
  Storage s3(config_for(server().endpoint(), "lake"));
  auto answer = s3.call("get_dbt_profile_config", secrets_request(kSecretVar));
  INFO(answer.body);
  REQUIRE(answer.status == FLOE_OK);
  auto config = json::parse(answer.body).as_object();
  // As dbt renders the profile: {{ env_var('NAME') }} becomes the variable's value.
  json::object settings;
  for (const auto& [key, value] : config.at("settings").as_object()) {
    if (!value.is_string()) {
      settings[key] = value;
      continue;
    }
    std::string text(value.as_string());
    auto open = text.find("{{ env_var('");
    if (open != std::string::npos) {
      auto close = text.find("') }}", open);
      std::string variable = text.substr(open + 12, close - open - 12);
      text = std::getenv(variable.c_str());
    }
    settings[key] = text;
  }
  floe::test::TempDir dir;
  auto spec = dir.path() / "spec.json";
  floe::test::write_file(spec, json::serialize(json::object{{"settings", settings},
                                                            {"extensions", config.at("extensions")},
                                                            {"location", "s3://lake/duckdb/answer.parquet"}}));
  auto ran = floe::test::run_process(FLOE_TEST_VENV "/bin/python",
                                     {FLOE_TEST_SOURCE_DIR "/tests/plugins/storage_s3_duckdb.py", spec.string()});
  INFO(ran.out << ran.err);
  REQUIRE(ran.exit_code == 0);
  CHECK(json::parse(ran.out).at("answer") == 42);
  CHECK(std::filesystem::exists(server().bucket_dir("lake") + "/duckdb/answer.parquet"));
}

TEST_CASE("storage-s3 server: the harness names scripts/build-versitygw when the binary is missing", "[storage-s3]") {
  ::setenv("FLOE_VERSITYGW", "/nonexistent/versitygw", 1);
  std::string what;
  try {
    S3Server::start();
  } catch (const std::runtime_error& e) {
    what = e.what();
  }
  ::unsetenv("FLOE_VERSITYGW");
  CHECK(what == "/nonexistent/versitygw does not exist: run scripts/build-versitygw (scripts/bootstrap does)");
}
