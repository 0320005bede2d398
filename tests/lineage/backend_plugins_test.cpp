// The three lineage backends (plugins/lineage-openlineage) through `floe
// plugins call`: where each sends events, how products are named, what they
// refuse (a secret value where a reference belongs is never echoed), and the
// reachability check against a real server on 127.0.0.1.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "compile_test_support.hpp"
#include "lineage_receiver.hpp"

using namespace floe::test;
namespace json = boost::json;

namespace {

struct Call {
  ProcessResult process;
  json::value answer;
};

Call call(const std::string& type, const std::string& method, const std::string& config, const std::string& request) {
  Call c;
  c.process = run_floe({"plugins", "call", "lineage_backend", type, method, "--config", config, "--request", request,
                        "--json"});
  if (c.process.exit_code == 0) c.answer = json::parse(c.process.out);
  return c;
}

json::value transport(const std::string& type, const std::string& config, const std::string& extra = "") {
  Call c = call(type, "get_transport_config", config, R"({"project_dir": "/srv/shop")" + extra + "}");
  INFO(c.process.out << c.process.err);
  REQUIRE(c.process.exit_code == 0);
  return c.answer;
}

std::string mapping_namespace(const std::string& request, const std::string& config = "{}") {
  Call c = call("http", "get_namespace_mapping", config, request);
  INFO(c.process.err);
  REQUIRE(c.process.exit_code == 0);
  return std::string(c.answer.at("namespace").as_string());
}

}  // namespace

TEST_CASE("http: the configured url and endpoint, else the platform's endpoint as given", "[lineage][plugins]") {
  json::value t = transport("http", R"({"url": "https://lineage.example.com/", "endpoint": "/v2/events"})");
  CHECK(t.at("type") == "http");
  CHECK(t.at("url") == "https://lineage.example.com/v2/events");
  CHECK(t.at("timeout_s").to_number<double>() == 5);
  CHECK(t.at("drain_timeout_s").to_number<double>() == 10);
  // The platform's observability.lineage.endpoint: a bare server gets the
  // OpenLineage path, one with a path of its own is taken whole.
  CHECK(transport("http", "{}", R"(, "endpoint": "http://marquez:5000")").at("url") ==
        "http://marquez:5000/api/v1/lineage");
  CHECK(transport("http", "{}", R"(, "endpoint": "http://marquez:5000/api/v1/lineage")").at("url") ==
        "http://marquez:5000/api/v1/lineage");
  // The configured url wins over the platform's.
  CHECK(transport("http", R"({"url": "http://127.0.0.1:9999"})", R"(, "endpoint": "http://marquez:5000")").at("url") ==
        "http://127.0.0.1:9999/api/v1/lineage");
}

TEST_CASE("marquez: the HTTP transport with Marquez's defaults", "[lineage][plugins]") {
  CHECK(transport("marquez", "{}").at("url") == "http://localhost:5000/api/v1/lineage");
  CHECK(transport("marquez", "{}", R"(, "endpoint": "http://marquez:5000")").at("url") ==
        "http://marquez:5000/api/v1/lineage");
  // The Python alpha's marquez config keys are taken.
  CHECK(transport("marquez", R"({"url": "http://m:5000", "environment": "demo", "drain_timeout": 30.0,
                                 "allow_insecure_http": true})")
            .at("drain_timeout_s")
            .to_number<double>() == 30);
}

TEST_CASE("the API key is a secret reference the host resolves, and a value is refused unechoed", "[lineage][plugins]") {
  json::value t = transport("http", R"({"url": "http://127.0.0.1:9"})", R"(, "secrets": {"api_key": "env:OL_KEY"})");
  CHECK(t.at("api_key") == "env:OL_KEY");
  Call bad = call("http", "get_transport_config", "{}",
                  R"({"project_dir": "/srv/shop", "secrets": {"api_key": "s3cr3t-value"}})");
  CHECK(bad.process.exit_code == 3);
  CHECK(bad.process.err.find("expected a secret reference") != std::string::npos);
  CHECK(bad.process.err.find("s3cr3t-value") == std::string::npos);
  CHECK(bad.process.out.find("s3cr3t-value") == std::string::npos);
}

TEST_CASE("http refuses what it cannot use: no URL, credentials in the URL, plain http when told not to",
          "[lineage][plugins]") {
  Call none = call("http", "get_transport_config", "{}", R"({"project_dir": "/srv/shop"})");
  CHECK(none.process.exit_code != 0);
  CHECK(none.process.err.find("observability.lineage.endpoint") != std::string::npos);
  Call creds = call("http", "get_transport_config", R"({"url": "http://user:pa55@lineage:5000"})",
                    R"({"project_dir": "/srv/shop"})");
  CHECK(creds.process.exit_code != 0);
  CHECK(creds.process.err.find("pa55") == std::string::npos);
  Call insecure = call("http", "get_transport_config", R"({"url": "http://lineage:5000", "allow_insecure_http": false})",
                       R"({"project_dir": "/srv/shop"})");
  CHECK(insecure.process.exit_code != 0);
  CHECK(insecure.process.err.find("https://") != std::string::npos);
  CHECK(transport("http", R"({"url": "http://127.0.0.1:5000", "allow_insecure_http": false})").at("url") ==
        "http://127.0.0.1:5000/api/v1/lineage");  // the loopback is fine
  Call unknown = call("http", "get_transport_config", "{}", R"({"project_dir": "/srv/shop", "urls": []})");
  CHECK(unknown.process.exit_code == 3);
  CHECK(unknown.process.err.find("unknown key 'urls'") != std::string::npos);
}

TEST_CASE("file: one JSON line per event, a relative path under the product directory", "[lineage][plugins]") {
  json::value t = transport("file", "{}");
  CHECK(t.at("type") == "file");
  CHECK(t.at("path") == "/srv/shop/target/openlineage.jsonl");
  CHECK(transport("file", R"({"path": "/var/lineage/events.jsonl"})").at("path") == "/var/lineage/events.jsonl");
}

TEST_CASE("namespaces: <domain>.<product> in a mesh, else the platform's namespace, else the product",
          "[lineage][plugins]") {
  CHECK(mapping_namespace(R"({"product": "customer-360", "mode": "3-tier", "domain": "sales", "namespace": "acme"})") ==
        "sales.customer-360");
  CHECK(mapping_namespace(R"({"product": "customer-360", "mode": "2-tier", "domain": "sales", "namespace": "acme"})") ==
        "acme");
  CHECK(mapping_namespace(R"({"product": "customer-360", "mode": "2-tier"})") == "customer-360");
  CHECK(mapping_namespace(R"({"product": "shop", "mode": "2-tier"})", R"({"environment": "staging"})") ==
        "shop.staging");
  Call c = call("marquez", "get_namespace_mapping", "{}", R"({"product": "shop", "mode": "3-tier", "domain": "sales"})");
  REQUIRE(c.process.exit_code == 0);
  CHECK(json::serialize(c.answer.at("mapping")) ==
        R"({"run":"shop","model_prefix":"shop.","ingestion_prefix":"shop.ingestion.","quality":"shop.quality"})");
  CHECK(call("http", "get_namespace_mapping", "{}", R"({"product": "shop", "mode": "mesh"})").process.exit_code == 3);
}

TEST_CASE("validate_connection: healthy against a listening server, unhealthy against a closed port",
          "[lineage][plugins]") {
  auto receiver = LineageReceiver::start();
  Call up = call("http", "validate_connection", R"({"url": ")" + receiver->url() + R"("})", R"({"timeout_ms": 2000})");
  REQUIRE(up.process.exit_code == 0);
  CHECK(up.answer.at("status") == "healthy");
  Call down = call("marquez", "validate_connection",
                   R"({"url": "http://127.0.0.1:)" + std::to_string(free_port()) + R"("})", R"({"timeout_ms": 2000})");
  REQUIRE(down.process.exit_code == 0);
  CHECK(down.answer.at("status") == "unhealthy");
  CHECK(std::string(down.answer.at("message").as_string()).find("cannot connect") != std::string::npos);
  CHECK(receiver->records().empty());  // a connection, never an event
}

TEST_CASE("helm values: the OpenLineage client settings, no secret", "[lineage][plugins]") {
  Call c = call("marquez", "get_helm_values", "{}", "{}");
  REQUIRE(c.process.exit_code == 0);
  CHECK(c.answer.at("values").at("openlineage").at("env").at("OPENLINEAGE_URL") == "http://localhost:5000");
  CHECK(c.answer.at("values").at("openlineage").at("env").at("OPENLINEAGE_ENDPOINT") == "api/v1/lineage");
}
