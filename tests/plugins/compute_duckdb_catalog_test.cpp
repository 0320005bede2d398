// compute-duckdb: Iceberg REST catalog blocks, their dbt entries and SQL.
#include <catch2/catch.hpp>

#include "catalog_attachment.hpp"
#include "sdk_error.hpp"
#include "secret_reference.hpp"
#include "sql_text.hpp"

using namespace floe::compute_duckdb;
using floe::test::failure_of;

namespace {

iceberg_catalog parse_catalog(const char* json) { return parse_iceberg_catalog(boost::json::parse(json)); }

floe::test::Failure rejection(const char* json) {
  return failure_of([&] { parse_catalog(json); });
}

}  // namespace

TEST_CASE("compute-duckdb secret references") {
  auto env = parse_secret_reference("env:LAKE_CLIENT_ID");
  REQUIRE(env);
  CHECK(env->from == secret_reference::source::environment);
  CHECK(env->target == "LAKE_CLIENT_ID");
  CHECK(env->text == "env:LAKE_CLIENT_ID");

  auto file = parse_secret_reference("file:/run/secrets/lake");
  REQUIRE(file);
  CHECK(file->from == secret_reference::source::file);
  CHECK(file->target == "/run/secrets/lake");

  for (const char* text : {"s3cr3t", "env:", "env:1ABC", "env:LAKE-ID", "env:LAKE ID", "file:", "file:/",
                           "file:relative/path", "ENV:LAKE", "{{ env_var('X') }}"}) {
    INFO(text);
    CHECK_FALSE(parse_secret_reference(text));
  }
  CHECK(dbt_env_var("LAKE_TOKEN") == "{{ env_var('LAKE_TOKEN') }}");
}

TEST_CASE("compute-duckdb catalog: a REST catalog with OAuth2 client credentials") {
  auto catalog = parse_catalog(R"({"type": "rest", "name": "lake", "uri": "http://127.0.0.1:8181/catalog",
                           "warehouse": "demo",
                           "credentials": {"client_secret": "env:LAKE_SECRET", "client_id": "env:LAKE_ID",
                                           "oauth2_server_uri": "http://127.0.0.1:8181/catalog/v1/oauth/tokens",
                                           "oauth2_scope": "PRINCIPAL_ROLE:ALL"}})");
  CHECK(catalog.name == "lake");
  CHECK(catalog.attach_path() == "demo");
  CHECK(catalog.secret_name() == "lake_secret");
  REQUIRE(catalog.authenticated());
  // DuckDB's order, not the request's.
  REQUIRE(catalog.credentials.size() == 2);
  CHECK(catalog.credentials[0].key == "client_id");
  CHECK(catalog.credentials[0].environment_name == "LAKE_ID");
  CHECK(catalog.credentials[1].key == "client_secret");

  CHECK(boost::json::serialize(dbt_secret(catalog)) ==
        R"({"type":"iceberg","name":"lake_secret","client_id":"{{ env_var('LAKE_ID') }}",)"
        R"("client_secret":"{{ env_var('LAKE_SECRET') }}",)"
        R"("oauth2_server_uri":"http://127.0.0.1:8181/catalog/v1/oauth/tokens","oauth2_scope":"PRINCIPAL_ROLE:ALL"})");
  CHECK(boost::json::serialize(dbt_attachment(catalog)) ==
        R"({"path":"demo","alias":"lake","type":"iceberg","secret":"lake_secret",)"
        R"("options":{"endpoint":"http://127.0.0.1:8181/catalog","support_nested_namespaces":true}})");
}

TEST_CASE("compute-duckdb catalog: client credentials get the REST default token endpoint") {
  auto catalog = parse_catalog(R"({"type": "rest", "name": "lake", "uri": "http://127.0.0.1:8181/catalog/",
                           "credentials": {"client_id": "env:LAKE_ID", "client_secret": "env:LAKE_SECRET",
                                           "oauth2_scope": "PRINCIPAL_ROLE:ALL"}})");
  auto secret = dbt_secret(catalog);
  CHECK(secret.at("oauth2_server_uri") == "http://127.0.0.1:8181/catalog/v1/oauth/tokens");
  CHECK(secret.at("oauth2_scope") == "PRINCIPAL_ROLE:ALL");

  // A bearer token needs no token endpoint.
  auto token =
      parse_catalog(R"({"type": "rest", "name": "lake", "uri": "http://h", "credentials": {"token": "env:T"}})");
  CHECK_FALSE(dbt_secret(token).contains("oauth2_server_uri"));
}

TEST_CASE("compute-duckdb catalog: file references get a DBT_ENV_SECRET_ variable") {
  auto catalog = parse_catalog(R"({"type": "rest", "name": "Lake", "uri": "https://catalog.example.com",
                           "credentials": {"token": "file:/run/secrets/lake-token"}})");
  REQUIRE(catalog.credentials.size() == 1);
  CHECK(catalog.credentials[0].environment_name == "DBT_ENV_SECRET_LAKE_TOKEN");
  CHECK(catalog.credentials[0].reference.text == "file:/run/secrets/lake-token");
  CHECK(catalog.attach_path() == "Lake");
  CHECK(dbt_secret(catalog).at("token") == "{{ env_var('DBT_ENV_SECRET_LAKE_TOKEN') }}");
}

TEST_CASE("compute-duckdb catalog: an unauthenticated catalog attaches with AUTHORIZATION_TYPE none") {
  auto catalog = parse_catalog(R"({"type": "rest", "name": "lake", "uri": "http://localhost:8181"})");
  CHECK_FALSE(catalog.authenticated());
  CHECK(boost::json::serialize(dbt_attachment(catalog)) ==
        R"({"path":"lake","alias":"lake","type":"iceberg",)"
        R"("options":{"endpoint":"http://localhost:8181","support_nested_namespaces":true,"authorization_type":"none"}})");
  CHECK(attachment_sql(catalog) == std::vector<std::string>{
                                       "INSTALL avro;", "LOAD avro;", "INSTALL httpfs;", "LOAD httpfs;",
                                       "INSTALL iceberg;", "LOAD iceberg;",
                                       "ATTACH IF NOT EXISTS 'lake' AS lake (TYPE iceberg, ENDPOINT "
                                       "'http://localhost:8181', SUPPORT_NESTED_NAMESPACES, AUTHORIZATION_TYPE 'none');"});

  auto quoted =
      parse_catalog(R"({"type": "rest", "name": "lake", "uri": "http://localhost:8181", "warehouse": "it's"})");
  CHECK(attachment_sql(quoted).back().starts_with("ATTACH IF NOT EXISTS 'it''s' AS lake"));
}

TEST_CASE("compute-duckdb SQL text") {
  CHECK(sql_string_literal("a'b''c") == "'a''b''''c'");
  CHECK(sql_string_literal("") == "''");
  for (const char* name : {"lake", "_lake", "Lake_2"}) CHECK(is_sql_identifier(name));
  for (const char* name : {"", "2lake", "my-lake", "lake;", "l\xc3\xa4ke", "lake name"}) {
    INFO(name);
    CHECK_FALSE(is_sql_identifier(name));
  }
}

TEST_CASE("compute-duckdb catalog: SQL for an authenticated catalog is refused") {
  auto catalog = parse_catalog(R"({"type": "rest", "name": "lake", "uri": "http://localhost:8181",
                           "credentials": {"token": "env:LAKE_TOKEN"}})");
  auto failure = failure_of([&] { attachment_sql(catalog); });
  CHECK(failure.code == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(failure.message.find("getenv()") != std::string::npos);
  CHECK(failure.message.find("generate_dbt_profile") != std::string::npos);
}

TEST_CASE("compute-duckdb catalog: a credential that is not a reference is refused without echoing it") {
  auto failure = rejection(R"({"type": "rest", "name": "lake", "uri": "http://localhost:8181",
                               "credentials": {"client_id": "env:LAKE_ID", "client_secret": "hunter2-s3cr3t"}})");
  CHECK(failure.code == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(failure.message.starts_with("key 'catalog.credentials.client_secret': expected a secret reference"));
  CHECK(failure.message.find("hunter2") == std::string::npos);

  auto not_a_string = rejection(R"({"type": "rest", "name": "lake", "uri": "http://localhost:8181",
                                    "credentials": {"token": 12345}})");
  CHECK(not_a_string.code == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(not_a_string.message.find("12345") == std::string::npos);
}

TEST_CASE("compute-duckdb catalog: malformed blocks name the key") {
  struct Case {
    const char* json;
    const char* message_start;
  };
  const Case cases[] = {
      {R"([])", "key 'catalog': expected an object"},
      {R"({"name": "lake", "uri": "http://h"})", "key 'catalog.type': is required"},
      {R"({"type": "glue", "name": "lake", "uri": "http://h"})", "key 'catalog.type': 'glue' is not supported"},
      {R"({"type": "rest", "uri": "http://h"})", "key 'catalog.name': is required"},
      {R"({"type": "rest", "name": "my-lake", "uri": "http://h"})", "key 'catalog.name': 'my-lake' is not an SQL identifier"},
      {R"({"type": "rest", "name": "1lake", "uri": "http://h"})", "key 'catalog.name': '1lake' is not an SQL identifier"},
      {R"({"type": "rest", "name": "lake"})", "key 'catalog.uri': is required"},
      {R"({"type": "rest", "name": "lake", "uri": "localhost:8181"})", "key 'catalog.uri': expected an http"},
      {R"({"type": "rest", "name": "lake", "uri": "http://"})", "key 'catalog.uri': expected an http"},
      {R"({"type": "rest", "name": "lake", "uri": "http://h", "warehouse": ""})", "key 'catalog.warehouse': must not be empty"},
      {R"({"type": "rest", "name": "lake", "uri": "http://h", "warehouse": 3})", "key 'catalog.warehouse': expected a string"},
      {R"({"type": "rest", "name": "lake", "uri": "http://h", "region": "x"})", "key 'catalog.region': unknown key"},
      {R"({"type": "rest", "name": "lake", "uri": "http://h", "credentials": "env:X"})",
       "key 'catalog.credentials': expected an object"},
      {R"({"type": "rest", "name": "lake", "uri": "http://h", "credentials": {}})",
       "key 'catalog.credentials': give client_id and client_secret"},
      {R"({"type": "rest", "name": "lake", "uri": "http://h", "credentials": {"client_id": "env:A"}})",
       "key 'catalog.credentials': client_id and client_secret must be given together"},
      {R"({"type": "rest", "name": "lake", "uri": "http://h", "credentials": {"password": "env:A"}})",
       "key 'catalog.credentials.password': unknown credential"},
      {R"({"type": "rest", "name": "lake", "uri": "http://h",
           "credentials": {"token": "env:A", "oauth2_server_uri": "tokens"}})",
       "key 'catalog.credentials.oauth2_server_uri': expected an http"},
  };
  for (const auto& c : cases) {
    INFO(c.json);
    auto failure = rejection(c.json);
    CHECK(failure.code == FLOE_ERR_INVALID_ARGUMENT);
    CHECK(failure.message.starts_with(c.message_start));
  }
}

TEST_CASE("compute-duckdb catalog: the alias must be free in the DuckDB session") {
  auto named = [](const char* name) {
    return parse_iceberg_catalog(boost::json::value{{"type", "rest"}, {"name", name}, {"uri", "http://h"}});
  };
  for (const char* reserved : {"main", "SYSTEM", "temp"}) {
    INFO(reserved);
    CHECK(failure_of([&] { check_alias_available(named(reserved), "memory"); }).code == FLOE_ERR_INVALID_ARGUMENT);
  }
  auto clash = failure_of([&] { check_alias_available(named("Warehouse"), "warehouse"); });
  CHECK(clash.code == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(clash.message.find("main database") != std::string::npos);
  CHECK(failure_of([&] { check_alias_available(named("lake"), "warehouse"); }).code == FLOE_OK);
}
