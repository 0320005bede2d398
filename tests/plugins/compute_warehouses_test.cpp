// compute-warehouses (snowflake, bigquery, databricks, trino): the units of
// floe_compute_warehouses_logic. Generated profiles and catalog statements
// are compared with reviewed golden files in
// tests/fixtures/golden/compute-warehouses/ (rewrite with
// FLOE_UPDATE_GOLDEN=1 and review the diff); the adapters themselves load
// the same profiles in compute_warehouses_adapters_test.py.
#include <catch2/catch.hpp>

#include "bigquery.hpp"
#include "databricks.hpp"
#include "golden.hpp"
#include "sdk_error.hpp"
#include "snowflake.hpp"
#include "trino.hpp"
#include "warehouse_presets.hpp"

using namespace floe::compute_warehouses;
using floe::test::failure_of;

namespace {

const std::filesystem::path golden_dir =
    std::filesystem::path(FLOE_TEST_SOURCE_DIR) / "tests/fixtures/golden/compute-warehouses";

boost::json::object object(const char* text) { return boost::json::parse(text).as_object(); }

const profile_request dev{"floe", "dev", std::nullopt, std::nullopt};

void check_golden(const std::string& name, const boost::json::value& actual) {
  std::string rendered = floe::test::render_json(actual);
  CHECK(rendered == floe::test::golden_text(golden_dir / name, rendered));
}

template <class Parse>
floe::test::Failure config_failure(Parse parse, const char* config) {
  return failure_of([&] { parse(object(config)); });
}

}  // namespace

TEST_CASE("compute-warehouses snowflake profile golden: password") {
  auto config = parse_snowflake_config(object(
      R"({"account": "xy12345.eu-west-1", "user": "DBT", "role": "TRANSFORMER",
      "database": "ANALYTICS", "warehouse": "TRANSFORMING", "schema": "PUBLIC", "query_tag": "floe",
      "connect_retries": 2, "connect_timeout": 30, "auth": {"method": "password", "password": "env:SNOWFLAKE_PASSWORD"}})"));
  check_golden("snowflake-password.json", snowflake_profile(config, dev));
}

TEST_CASE(
    "compute-warehouses snowflake profile golden: key pair from the "
    "environment and from a file") {
  auto from_env = parse_snowflake_config(object(
      R"({"account": "myorg-myaccount", "user": "DBT", "database": "ANALYTICS",
      "warehouse": "TRANSFORMING", "schema": "PUBLIC", "preset": "medium",
      "auth": {"method": "keypair", "private_key": "env:SNOWFLAKE_PRIVATE_KEY",
               "private_key_passphrase": {"env": "SNOWFLAKE_KEY_PASSPHRASE"}}})"));
  check_golden("snowflake-keypair-env.json", snowflake_profile(from_env, {"floe", "prod", "MARTS", std::nullopt}));
  auto from_file = parse_snowflake_config(object(
      R"({"account": "myorg-myaccount", "user": "DBT", "database": "ANALYTICS",
      "warehouse": "TRANSFORMING", "schema": "PUBLIC",
      "auth": {"method": "keypair", "private_key": {"file": "/run/secrets/snowflake/rsa_key.p8"},
               "private_key_passphrase": "file:/run/secrets/snowflake/passphrase"}})"));
  check_golden("snowflake-keypair-file.json", snowflake_profile(from_file, dev));
}

TEST_CASE(
    "compute-warehouses snowflake profile golden: OAuth refresh token "
    "with client credentials") {
  auto config = parse_snowflake_config(object(R"({"account": "myorg-myaccount", "database": "ANALYTICS",
      "warehouse": "TRANSFORMING", "schema": "PUBLIC", "threads": 12,
      "auth": {"method": "oauth", "token": "env:SNOWFLAKE_REFRESH_TOKEN", "oauth_client_id": "env:SNOWFLAKE_OAUTH_CLIENT_ID",
               "oauth_client_secret": "file:/run/secrets/snowflake-oauth-secret"}})"));
  check_golden("snowflake-oauth.json", snowflake_profile(config, dev));
}

TEST_CASE(
    "compute-warehouses bigquery profile golden: service account JSON, "
    "key file, OAuth") {
  auto json = parse_bigquery_config(object(
      R"({"project": "floe-test", "dataset": "analytics", "location": "EU",
      "priority": "interactive", "job_execution_timeout_seconds": 600, "job_retries": 2, "maximum_bytes_billed": 1000000000,
      "auth": {"method": "service-account-json", "keyfile_json": "env:BIGQUERY_KEYFILE_JSON"}})"));
  check_golden("bigquery-service-account-json.json", bigquery_profile(json, dev));
  auto file = parse_bigquery_config(object(R"({"project": "floe-test", "dataset": "analytics",
      "auth": {"method": "service-account", "keyfile": {"file": "/var/secrets/google/key.json"}}})"));
  check_golden("bigquery-service-account.json", bigquery_profile(file, dev));
  auto oauth = parse_bigquery_config(object(R"({"project": "floe-test", "dataset": "analytics",
      "execution_project": "floe-billing", "impersonate_service_account": "dbt@floe-test.iam.gserviceaccount.com",
      "preset": "large", "auth": {"method": "oauth"}})"));
  check_golden("bigquery-oauth.json", bigquery_profile(oauth, {"floe", "dev", "sales_customer_360", std::nullopt}));
}

TEST_CASE("compute-warehouses databricks profile golden: token and OAuth M2M") {
  auto token = parse_databricks_config(object(R"({"host": "dbc-a1b2c3d4-e5f6.cloud.databricks.com",
      "http_path": "/sql/1.0/warehouses/abc123", "catalog": "main", "schema": "analytics",
      "session_properties": {"ansi_mode": true}, "connect_retries": 3,
      "auth": {"method": "token", "token": "env:DATABRICKS_TOKEN"}})"));
  check_golden("databricks-token.json", databricks_profile(token, dev));
  auto m2m = parse_databricks_config(object(R"({"host": "adb-1234567890123456.7.azuredatabricks.net",
      "http_path": "/sql/1.0/warehouses/abc123", "catalog": "lake", "schema": "analytics",
      "auth": {"method": "oauth-m2m", "client_id": "7b0e8c4a-0000-4000-8000-000000000000",
               "client_secret": "env:DATABRICKS_CLIENT_SECRET"}})"));
  check_golden("databricks-oauth-m2m.json", databricks_profile(m2m, dev));
}

TEST_CASE("compute-warehouses trino profile golden: none, LDAP, JWT, certificate") {
  auto none = parse_trino_config(object(
      R"({"host": "trino.internal", "port": 8080, "user": "dbt", "catalog": "lake",
      "schema": "analytics", "http_scheme": "http", "session_properties": {"query_max_run_time": "1h"},
      "auth": {"method": "none"}})"));
  check_golden("trino-none.json", trino_profile(none, dev));
  auto ldap = parse_trino_config(object(
      R"({"host": "trino.example.com", "port": 443, "user": "dbt", "catalog": "lake",
      "schema": "analytics", "auth": {"method": "ldap", "password": "env:TRINO_PASSWORD"}})"));
  check_golden("trino-ldap.json", trino_profile(ldap, dev));
  auto jwt = parse_trino_config(object(R"({"host": "trino.example.com", "port": 8443, "catalog": "lake",
      "schema": "analytics", "auth": {"method": "jwt", "jwt_token": "file:/run/secrets/trino-jwt"}})"));
  check_golden("trino-jwt.json", trino_profile(jwt, dev));
  auto certificate = parse_trino_config(object(R"({"host": "trino.example.com", "port": 8443, "catalog": "lake",
      "schema": "analytics", "auth": {"method": "certificate", "client_certificate": "/etc/trino-client/cert.pem",
      "client_private_key": "file:/etc/trino-client/key.pem"}})"));
  check_golden("trino-certificate.json", trino_profile(certificate, dev));
}

TEST_CASE(
    "compute-warehouses catalog attachment golden: Snowflake catalog "
    "integration, Trino CREATE CATALOG") {
  auto snowflake = parse_snowflake_config(object(R"({"account": "a", "user": "u", "database": "d", "warehouse": "w",
      "schema": "s", "external_volume": "lake_volume", "auth": {"method": "password", "password": "env:P"}})"));
  const char* oauth_catalog =
      R"({"type": "rest", "name": "lake", "uri": "https://polaris.example.com/api/catalog",
      "warehouse": "lake", "client_id": "floe-client", "credentials": {"client_secret": "env:POLARIS_CLIENT_SECRET"}})";
  const char* token_catalog =
      R"({"type": "rest", "name": "lake", "uri": "https://catalog.example.com/iceberg",
      "credentials": {"token": "file:/run/secrets/catalog-token"}})";
  check_golden("snowflake-catalog-oauth.json", snowflake_catalog_sql(snowflake, boost::json::parse(oauth_catalog)));
  check_golden("snowflake-catalog-bearer.json", snowflake_catalog_sql(snowflake, boost::json::parse(token_catalog)));
  check_golden("trino-catalog-oauth.json", trino_catalog_sql(boost::json::parse(oauth_catalog)));
  check_golden("trino-catalog-no-auth.json",
               trino_catalog_sql(
                   boost::json::parse(R"({"type": "rest", "name": "lake", "uri": "http://127.0.0.1:8181/catalog"})")));

  // Snowflake has no unauthenticated REST catalog integration.
  auto bare = failure_of([&] {
    snowflake_catalog_sql(snowflake, boost::json::parse(R"({"type": "rest", "name": "lake", "uri": "http://h"})"));
  });
  CHECK(bare.code == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(bare.message.starts_with("key 'catalog.credentials'"));
  // The catalog block is compute-duckdb's: a credential that is not a
  // reference is refused without repeating it.
  auto value = failure_of([] {
    trino_catalog_sql(boost::json::parse(
        R"({"type": "rest", "name": "lake", "uri": "http://h",
        "credentials": {"token": "plain-token-value"}})"));
  });
  CHECK(value.code == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(value.message.find("plain-token-value") == std::string::npos);
}

TEST_CASE("compute-warehouses configuration errors name the key") {
  auto snowflake = [](const char* config) { return config_failure(parse_snowflake_config, config); };
  const char* base = R"("account": "a", "database": "d", "warehouse": "w", "schema": "s")";
  auto with = [&](const std::string& rest) { return snowflake(("{" + std::string(base) + ", " + rest + "}").c_str()); };

  auto unknown = with(R"("auth": {"method": "oauth", "token": "env:T"}, "passwd": "x")");
  CHECK(unknown.code == FLOE_ERR_INVALID_CONFIG);
  CHECK(unknown.message.starts_with("key 'passwd': unknown key; accepted: account, user"));
  CHECK(with(R"("user": "u", "auth": {"method": "password"})").message ==
        "key 'auth.password': is required by auth.method password");
  CHECK(with(R"("user": "u", "auth": {"method": "keypair", "private_key": "env:K", "token": "env:T"})").message ==
        "key 'auth.token': is not used by auth.method keypair");
  CHECK(with(R"("auth": {"method": "oauth", "token": "env:T", "oauth_client_id": "env:I"})").message ==
        "key 'auth.oauth_client_secret': oauth_client_id and "
        "oauth_client_secret go together");
  CHECK(
      with(R"("user": "u", "auth": {"method": "sso"})").message.starts_with("key 'auth.method': 'sso' is not one of"));
  CHECK(with(R"("auth": {"method": "oauth", "token": "env:T"}, "threads": 0)").message ==
        "key 'threads': expected an integer from 1 to 64");
  CHECK(with(R"("auth": {"method": "oauth", "token": "env:T"}, "preset": "huge")").message ==
        "key 'preset': unknown preset 'huge'; valid presets: "
        "small, medium, large");
  CHECK(with(R"("auth": {"method": "oauth", "token": "env:T"}, "port": 443)").message ==
        "key 'port': needs host (the account's endpoint has its own)");

  auto bigquery = [](const char* config) { return config_failure(parse_bigquery_config, config); };
  CHECK(bigquery(R"({"project": "p", "dataset": "d", "auth": {"method": "service-account", "keyfile": "env:KEY"}})")
            .message.starts_with("key 'auth.keyfile': the adapter reads this from a file"));
  CHECK(bigquery(R"({"project": "p", "dataset": "d", "auth": {"method": "oauth", "keyfile_json": "env:K"}})").message ==
        "key 'auth.keyfile_json': is not used by auth.method oauth");
  CHECK(bigquery(R"({"project": "p", "dataset": "d", "auth": {"method": "oauth"}, "priority": "urgent"})").message ==
        "key 'priority': 'urgent' is not one of interactive, batch");

  auto databricks = [](const char* config) { return config_failure(parse_databricks_config, config); };
  CHECK(databricks(
            R"({"host": "https://x.cloud.databricks.com", "http_path": "/p", "schema": "s",
      "auth": {"method": "token", "token": "env:T"}})")
            .message.starts_with("key 'host': expected the workspace host"));
  CHECK(databricks(
            R"({"host": "h", "http_path": "/p", "schema": "main.s", "auth": {"method": "token", "token": "env:T"}})")
            .message == "key 'schema': must not contain '.'; give the catalog as 'catalog'");
  CHECK(
      databricks(
          R"({"host": "h", "http_path": "/p", "schema": "s", "auth": {"method": "oauth-m2m", "client_secret": "env:S"}})")
          .message == "key 'auth.client_id': is required by auth.method oauth-m2m");
  CHECK(databricks(
            R"({"host": "h", "http_path": "/p", "schema": "s", "session_properties": {"a": [1]},
      "auth": {"method": "token", "token": "env:T"}})")
            .message == "key 'session_properties.a': expected a string, number or boolean");

  auto trino = [](const char* config) { return config_failure(parse_trino_config, config); };
  CHECK(trino(
            R"({"host": "h", "port": 443, "catalog": "c", "schema": "s", "http_scheme": "http",
      "auth": {"method": "jwt", "jwt_token": "env:J"}})")
            .message ==
        "key 'http_scheme': applies to auth.method none only; "
        "auth.method jwt always uses https");
}

// The seeds select `compute: snowflake` with no configuration: every key
// left out comes from the adapter's standard variables, which the profile
// reads with env_var() and `env` lists for floe run.
TEST_CASE("compute-warehouses: a bare configuration reads the connection from the standard environment variables") {
  auto profile_of = [](auto parse, auto make) {
    auto config = parse(boost::json::object());
    return std::make_pair(make(config, dev).at("output").as_object(), config.common.from_env);
  };
  auto [snowflake, snowflake_env] = profile_of(parse_snowflake_config, snowflake_profile);
  CHECK(snowflake.at("account") == "{{ env_var('SNOWFLAKE_ACCOUNT') }}");
  CHECK(snowflake.at("user") == "{{ env_var('SNOWFLAKE_USER') }}");
  CHECK(snowflake.at("password") == "{{ env_var('SNOWFLAKE_PASSWORD') }}");
  CHECK(snowflake.at("warehouse") == "{{ env_var('SNOWFLAKE_WAREHOUSE') }}");
  CHECK(snowflake_env == std::vector<std::string>{"SNOWFLAKE_ACCOUNT", "SNOWFLAKE_DATABASE", "SNOWFLAKE_WAREHOUSE",
                                                  "SNOWFLAKE_SCHEMA", "SNOWFLAKE_USER"});
  auto [bigquery, bigquery_env] = profile_of(parse_bigquery_config, bigquery_profile);
  CHECK(bigquery.at("method") == "oauth");
  CHECK(bigquery.at("project") == "{{ env_var('GOOGLE_CLOUD_PROJECT') }}");
  CHECK(bigquery_env == std::vector<std::string>{"GOOGLE_CLOUD_PROJECT", "BIGQUERY_DATASET"});
  auto [databricks, databricks_env] = profile_of(parse_databricks_config, databricks_profile);
  CHECK(databricks.at("host") == "{{ env_var('DATABRICKS_HOST') }}");
  CHECK(databricks.at("token") == "{{ env_var('DATABRICKS_TOKEN') }}");
  CHECK(databricks_env == std::vector<std::string>{"DATABRICKS_HOST", "DATABRICKS_HTTP_PATH", "DATABRICKS_SCHEMA"});
  auto [trino, trino_env] = profile_of(parse_trino_config, trino_profile);
  CHECK(trino.at("method") == "none");
  CHECK(trino.at("port") == "{{ env_var('TRINO_PORT') | int }}");
  CHECK(trino_env ==
        std::vector<std::string>{"TRINO_HOST", "TRINO_PORT", "TRINO_CATALOG", "TRINO_SCHEMA", "TRINO_USER"});
  // What is given is used, the rest is read: a key never comes from both.
  auto partial = parse_snowflake_config(object(R"({"account": "acme-prod", "warehouse": "W"})"));
  CHECK(partial.account == "acme-prod");
  CHECK(partial.common.from_env ==
        std::vector<std::string>{"SNOWFLAKE_DATABASE", "SNOWFLAKE_SCHEMA", "SNOWFLAKE_USER"});
  // The connection check reads the endpoint's variables now.
  std::vector<std::string> missing;
  ::setenv("FLOE_TEST_ACCOUNT", "acme-prod", 1);
  CHECK(expand_env_placeholders("https://{{ env_var('FLOE_TEST_ACCOUNT') }}.x/{{ env_var('FLOE_TEST_UNSET') }}",
                                missing) == "https://acme-prod.x/");
  CHECK(missing == std::vector<std::string>{"FLOE_TEST_UNSET"});
  ::unsetenv("FLOE_TEST_ACCOUNT");
}

TEST_CASE("compute-warehouses secret values are refused without being repeated") {
  for (const char* value : {R"("hunter2")", R"("env:")", R"("file:relative")", R"({"vault": "x"})",
                            R"({"env": "A", "file": "/b"})", "42"}) {
    INFO(value);
    std::string config =
        R"({"account": "a", "user": "u", "database": "d", "warehouse": "w", "schema": "s",
        "auth": {"method": "password", "password": )" +
        std::string(value) + "}}";
    auto failure = failure_of([&] { parse_snowflake_config(object(config.c_str())); });
    CHECK(failure.code == FLOE_ERR_INVALID_CONFIG);
    CHECK(failure.message.starts_with("key 'auth.password': expected a secret reference"));
    CHECK(failure.message.find("hunter2") == std::string::npos);
  }
}

TEST_CASE("compute-warehouses requests are checked strictly") {
  auto rejected = [](const char* request) {
    return failure_of([&] { parse_profile_request(boost::json::parse(request), "the engine's note"); });
  };
  CHECK(rejected(R"({"target": "dev"})").message == "missing required key 'profile_name'");
  CHECK(rejected(R"({"profile_name": "p", "target": ""})").message == "key 'target': must not be empty");
  CHECK(rejected(R"({"profile_name": "p", "target": "t", "database": "x"})").message ==
        "unknown key 'database'; accepted keys: profile_name, "
        "target, schema, catalog");
  auto catalog = rejected(R"({"profile_name": "p", "target": "t", "catalog": {"type": "rest"}})");
  CHECK(catalog.code == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(catalog.message == "key 'catalog': the engine's note");

  auto budget = [](const char* request) {
    return check_budget(boost::json::parse(request), "validate_connection request", std::chrono::milliseconds(7));
  };
  CHECK(budget("{}") == std::chrono::milliseconds(7));
  CHECK(budget(R"({"timeout_ms": 250})") == std::chrono::milliseconds(250));
  CHECK(failure_of([&] { budget(R"({"timeout_ms": 0})"); }).message ==
        "key 'timeout_ms': expected 1 to 600000 milliseconds");
  CHECK(failure_of([&] { budget(R"({"timeout": 5})"); }).message == "unknown key 'timeout'; accepted keys: timeout_ms");

  CHECK(failure_of([] { resource_requirements_for(boost::json::parse(R"({"workload_size": "xl"})")); }).message ==
        "key 'workload_size': unknown size 'xl'; valid sizes: "
        "small, medium, large");
  CHECK(failure_of([] { catalog_of(boost::json::parse("{}")); }).message == "missing required key 'catalog'");
}

TEST_CASE("compute-warehouses presets and packages") {
  auto medium = resource_requirements_for(boost::json::parse(R"({"workload_size": "medium"})"));
  CHECK(boost::json::serialize(medium) ==
        R"({"cpu_request":"250m","cpu_limit":"1000m","memory_request":"512Mi","memory_limit":"1Gi",)"
        R"("ephemeral_storage_request":"100Mi","ephemeral_storage_limit":"1Gi"})");
  // A preset sizes dbt's threads; an explicit value wins.
  auto preset = parse_trino_config(object(
      R"({"host": "h", "port": 1, "user": "u", "catalog": "c", "schema": "s",
      "preset": "large", "auth": {"method": "none"}})"));
  CHECK(preset.common.threads == 16);
  auto explicit_threads = parse_trino_config(object(R"({"host": "h", "port": 1, "user": "u", "catalog": "c",
      "schema": "s", "preset": "large", "threads": 3, "auth": {"method": "none"}})"));
  CHECK(explicit_threads.common.threads == 3);
  // The ranges scripts/requirements-adapters.txt pins a version inside.
  CHECK(boost::json::serialize(snowflake_packages()) == R"(["dbt-snowflake>=1.12,<1.13"])");
  CHECK(boost::json::serialize(bigquery_packages()) == R"(["dbt-bigquery>=1.12,<1.13"])");
  CHECK(boost::json::serialize(databricks_packages()) == R"(["dbt-databricks>=1.12,<1.13"])");
  CHECK(boost::json::serialize(trino_packages()) == R"(["dbt-trino>=1.11,<1.12"])");
}

TEST_CASE("compute-warehouses endpoints and Trino's /v1/info") {
  auto snowflake = parse_snowflake_config(object(R"({"account": "my_org-acct", "database": "d", "warehouse": "w",
      "schema": "s", "auth": {"method": "oauth", "token": "env:T"}})"));
  CHECK(snowflake_endpoint(snowflake) == "https://my-org-acct.snowflakecomputing.com/");
  auto trino = parse_trino_config(object(R"({"host": "t", "port": 8443, "catalog": "c", "schema": "s",
      "auth": {"method": "jwt", "jwt_token": "env:J"}})"));
  CHECK(trino_endpoint(trino) == "https://t:8443/v1/info");

  CHECK(
      judge_trino_info(200, R"({"nodeVersion": {"version": "476"}, "coordinator": true, "starting": false})").status ==
      "healthy");
  auto starting = judge_trino_info(200, R"({"nodeVersion": {"version": "476"}, "starting": true})");
  CHECK(starting.status == "degraded");
  CHECK(starting.message == "Trino (version 476) is still starting");
  CHECK(judge_trino_info(200, "<html>").status == "degraded");
  CHECK(judge_trino_info(404, "").message.find("HTTP 404") != std::string::npos);
}
