// The C API: requests checked before anything runs (unknown keys, wrong
// types and missing keys named by path), errors and buffers released by
// their callbacks, metadata parsing and expiry planning without a catalog.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "floe/iceberg.h"
#include "metadata_samples.hpp"

namespace json = boost::json;
namespace samples = floe::test::iceberg_samples;

namespace {

struct Outcome {
  floe_status status = FLOE_OK;
  std::string message;
  json::value detail;
  json::value result;
};

Outcome finish(floe_status status, floe_error& error, floe_buffer* buffer) {
  Outcome o;
  o.status = status;
  if (error.message != nullptr) o.message = error.message;
  if (error.detail_json != nullptr) o.detail = json::parse(error.detail_json);
  if (error.release != nullptr) error.release(&error);
  if (buffer != nullptr && buffer->data != nullptr) o.result = json::parse(std::string(buffer->data, buffer->length));
  if (buffer != nullptr && buffer->release != nullptr) buffer->release(buffer);
  return o;
}

Outcome open_with(const std::string& config) {
  floe_error error = FLOE_ERROR_INIT;
  floe_iceberg_catalog* catalog = nullptr;
  floe_status s = floe_iceberg_catalog_open(config.c_str(), &catalog, &error);
  floe_iceberg_catalog_close(catalog);
  return finish(s, error, nullptr);
}

Outcome call(const std::string& request) {
  floe_error error = FLOE_ERROR_INIT;
  floe_iceberg_catalog* catalog = nullptr;
  // Port 9: nothing answers; these requests are refused before any I/O.
  REQUIRE(floe_iceberg_catalog_open(R"({"uri": "http://127.0.0.1:9"})", &catalog, &error) == FLOE_OK);
  floe_buffer result = FLOE_BUFFER_INIT;
  floe_status s = floe_iceberg_catalog_call(catalog, request.c_str(), &result, &error);
  floe_iceberg_catalog_close(catalog);
  return finish(s, error, &result);
}

std::vector<std::string> problem_keys(const Outcome& o) {
  std::vector<std::string> keys;
  if (!o.detail.is_object()) return keys;
  for (const auto& p : o.detail.at("problems").as_array()) keys.emplace_back(p.at("key").as_string());
  return keys;
}

}  // namespace

TEST_CASE("capi: the ABI version is libfloe-core's") { CHECK(floe_iceberg_abi_version() == FLOE_ABI_VERSION); }

TEST_CASE("capi: an invalid catalog configuration is refused naming each key") {
  Outcome o = open_with(R"({"uri": "http://127.0.0.1:1", "client_id": 7, "timeout_ms": 5, "headers": {"X-A": 1}})");
  CHECK(o.status == FLOE_ERR_INVALID_ARGUMENT);
  auto keys = problem_keys(o);
  CHECK(std::count(keys.begin(), keys.end(), "config.client_id") == 1);
  CHECK(std::count(keys.begin(), keys.end(), "config.timeout_ms") == 1);
  CHECK(std::count(keys.begin(), keys.end(), "config.headers.X-A") == 1);
  CHECK_THAT(o.message, Catch::Contains("config.client_id: expected string, got integer"));
  CHECK_THAT(o.message, Catch::Contains("config.timeout_ms: unknown key"));
  CHECK(open_with(R"({"uri": "ftp://x"})").status == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(open_with(R"({})").message.find("config.uri: required key missing") != std::string::npos);
  CHECK(open_with(R"({"uri": "http://a", "client_id": "x"})").message.find("config.client_secret") != std::string::npos);
  CHECK(open_with("not json").status == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(open_with("[]").message.find("must be a JSON object") != std::string::npos);
  CHECK(open_with(R"({"uri": "http://a", "request_timeout_ms": 0})").message.find("config.request_timeout_ms") != std::string::npos);
  CHECK_THAT(open_with(R"({"uri": "http://a", "max_response_bytes": 10})").message,
             Catch::Contains("config.max_response_bytes: must be between 1024 and 4294967296"));
  CHECK(open_with(R"({"uri": "http://a", "max_response_bytes": 1048576})").status == FLOE_OK);
}

TEST_CASE("capi: a request with an unknown key, a wrong type or a missing key is refused before any I/O") {
  Outcome o = call(R"({"operation": "load_table", "namespace": ["a", 2], "nmae": "t"})");
  CHECK(o.status == FLOE_ERR_INVALID_ARGUMENT);
  auto keys = problem_keys(o);
  CHECK(std::count(keys.begin(), keys.end(), "request.namespace.1") == 1);
  CHECK(std::count(keys.begin(), keys.end(), "request.nmae") == 1);
  CHECK(std::count(keys.begin(), keys.end(), "request.name") == 1);
  CHECK_THAT(o.message, Catch::Contains("request.nmae: unknown key (did you mean 'name'?)"));
  CHECK_THAT(o.message, Catch::Contains("request.namespace.1: expected string, got integer"));
  CHECK_THAT(o.message, Catch::Contains("request.name: required key missing"));

  o = call(R"({"operation": "lod_table"})");
  CHECK(o.status == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(o.detail.at("problems").at(0).at("did_you_mean") == "load_table");
  CHECK(call(R"({"namespace": ["a"]})").message.find("request.operation: required key missing") != std::string::npos);
  CHECK(call(R"({"operation": 3})").message.find("request.operation: expected string") != std::string::npos);
  CHECK(call(R"({"operation": "rename_table", "from": {"namespace": ["a"], "name": "t"}, "to": {"namespace": [], "name": 1}})")
            .message.find("request.to.name: expected string, got integer") != std::string::npos);
  CHECK(call(R"({"operation": "create_namespace", "namespace": ["a"], "properties": {"k": true}})")
            .message.find("request.properties.k: expected string, got boolean") != std::string::npos);
  CHECK(call(R"({"operation": "expire_snapshots", "namespace": ["a"], "name": "t", "older_than_ms": 1, "retention_days": 2})")
            .message.find("exactly one of older_than_ms and retention_days") != std::string::npos);
  CHECK(call(R"({"operation": "commit_table", "namespace": ["a"], "name": "t", "requirements": [1], "updates": []})")
            .message.find("request.requirements.0: expected object, got integer") != std::string::npos);
  CHECK(call(R"({"operation": "list_tables", "namespace": ["a"], "page_size": 0})").status == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(call(R"({"api_version": 2, "operation": "whatever_v2_has"})").message.find("request.api_version: 2 is not supported") !=
        std::string::npos);
  // api_version 1 is accepted (the call then fails only on the dead catalog).
  CHECK(call(R"({"api_version": 1, "operation": "get_config"})").status == FLOE_ERR_UNAVAILABLE);
}

TEST_CASE("capi: a create_table schema that is malformed is located in the request") {
  Outcome o = call(R"({"operation": "create_table", "namespace": ["a"], "name": "t",
                       "schema": {"type": "struct", "fields": [{"id": 1, "name": "x", "required": "yes", "type": "int"}]}})");
  CHECK(o.status == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(o.detail.at("location") == "request.schema/fields/0/required");
}

TEST_CASE("capi: a catalog that is down is FLOE_ERR_UNAVAILABLE naming the URI") {
  Outcome o = call(R"({"operation": "list_namespaces"})");
  CHECK(o.status == FLOE_ERR_UNAVAILABLE);
  CHECK_THAT(o.message, Catch::Contains("http://127.0.0.1:9/v1/config"));
  CHECK(o.detail.at("kind") == "unavailable");
  CHECK(o.detail.at("operation") == "get config");
}

TEST_CASE("capi: parse_metadata returns the model, or the JSON pointer of the problem") {
  std::string v2 = samples::v2_metadata();
  floe_error error = FLOE_ERROR_INIT;
  floe_buffer result = FLOE_BUFFER_INIT;
  Outcome o = finish(floe_iceberg_parse_metadata(v2.data(), v2.size(), &result, &error), error, &result);
  REQUIRE(o.status == FLOE_OK);
  CHECK(o.result.at("snapshots").as_array().size() == 5);
  CHECK(o.result.at("refs").at("release").at("type") == "tag");
  std::string bad = v2;
  bad.replace(bad.find("\"type\": \"tag\""), 13, "\"type\": 12345");
  o = finish(floe_iceberg_parse_metadata(bad.data(), bad.size(), &result, &error), error, &result);
  CHECK(o.status == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(o.detail.at("location") == "/refs/release/type");
  CHECK(finish(floe_iceberg_parse_metadata(nullptr, 0, &result, &error), error, &result).status == FLOE_ERR_INVALID_ARGUMENT);
}

TEST_CASE("capi: plan_expiry over a document, without a catalog") {
  json::object req{{"metadata", samples::v2_metadata()},
                   {"older_than_ms", samples::kT0 + 4 * samples::kDay},
                   {"keep_last", 1},
                   {"now_ms", samples::kT0 + 5 * samples::kDay}};
  std::string text = json::serialize(req);
  floe_error error = FLOE_ERROR_INIT;
  floe_buffer plan = FLOE_BUFFER_INIT;
  Outcome o = finish(floe_iceberg_plan_expiry(text.c_str(), &plan, &error), error, &plan);
  REQUIRE(o.status == FLOE_OK);
  CHECK(o.result.at("remove").as_array().size() == 1);
  CHECK(o.result.at("retained_by_ref").as_array().size() == 2);
  o = finish(floe_iceberg_plan_expiry(R"({"metadata_file": "/nonexistent/m.json", "retention_days": "7"})", &plan, &error),
             error, &plan);
  CHECK(o.status == FLOE_ERR_INVALID_ARGUMENT);
  CHECK_THAT(o.message, Catch::Contains("request.retention_days: expected integer, got string"));
  o = finish(floe_iceberg_plan_expiry(R"({"metadata_file": "/nonexistent/m.json", "retention_days": 7})", &plan, &error),
             error, &plan);
  CHECK(o.status == FLOE_ERR_NOT_FOUND);
}
