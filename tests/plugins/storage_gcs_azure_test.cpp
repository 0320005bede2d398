// storage-gcs and storage-azure through libfloe-core's registry: every
// answer as a golden file (tests/fixtures/golden/storage-gcs, storage-azure)
// per credential mode, the schema's strictness, and secrets that stay
// references. Neither has a connection check: no GCS or Azure here.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <filesystem>
#include <string>

#include "floe/registry.h"
#include "golden.hpp"
#include "registry_outcome.hpp"

namespace {

namespace json = boost::json;
using floe::test::Outcome;
using floe::test::outcome_of;

struct Storage {
  floe_registry* registry = nullptr;
  floe_handle* handle = nullptr;
  Outcome opened;
  Storage(const char* name, const char* config) {
    floe_registry_options options = FLOE_REGISTRY_OPTIONS_INIT;
    options.search_flags = FLOE_SEARCH_PREFIX;
    floe_error error = FLOE_ERROR_INIT;
    REQUIRE(floe_registry_new(&registry, &options, &error) == FLOE_OK);
    opened = outcome_of([&](floe_buffer*, floe_error* e) {
      return floe_registry_open(registry, "storage", name, config, &handle, e);
    });
  }
  ~Storage() {
    if (handle != nullptr) floe_handle_free(handle);
    floe_registry_free(registry);
  }
  Outcome call(const char* method, const std::string& request) const {
    return outcome_of([&](floe_buffer* out, floe_error* error) {
      return floe_handle_call(handle, method, request.c_str(), out, error);
    });
  }
};

// Every answer of one configuration, in one golden file.
void check_answers(const char* plugin, const char* golden, const char* config, const char* secrets) {
  Storage s(plugin, config);
  INFO(s.opened.body);
  REQUIRE(s.opened.status == FLOE_OK);
  json::object all;
  for (const char* method : {"get_deployment_binding", "get_fileio_config", "get_dbt_profile_config",
                             "get_helm_values_override", "get_catalog_config"}) {
    auto got = s.call(method, secrets);
    INFO(method << ": " << got.body);
    REQUIRE(got.status == FLOE_OK);
    all[method] = json::parse(got.body);
  }
  all["get_warehouse_uri"] = json::parse(s.call("get_warehouse_uri", R"({"namespace": "sales"})").body);
  auto file = std::filesystem::path(FLOE_TEST_SOURCE_DIR) / "tests/fixtures/golden" / (std::string(golden) + ".json");
  std::string text = floe::test::render_json(all);
  CHECK(floe::test::golden_text(file, text) == text);
  CHECK(s.call("validate_connection", "{}").status == FLOE_ERR_NOT_IMPLEMENTED);
}

}  // namespace

TEST_CASE("storage-gcs: a service-account key and Workload Identity (golden)", "[storage-gcs][golden]") {
  check_answers("gcs", "storage-gcs/service-account",
                R"({"bucket": "acme-lake", "project": "acme-data", "prefix": "lake"})",
                R"({"secrets": {"service_account_json": "file:/run/secrets/gcs-key.json",
                                "hmac_key_id": "env:GCS_HMAC_KEY_ID", "hmac_secret": "env:GCS_HMAC_SECRET"}})");
  check_answers("gcs", "storage-gcs/workload-identity",
                R"({"bucket": "acme-lake", "project": "acme-data", "endpoint": "http://127.0.0.1:4443",
                    "credentials": {"mode": "workload_identity",
                                    "service_account_email": "lake@acme-data.iam.gserviceaccount.com"}})",
                "{}");
}

TEST_CASE("storage-azure: account key, SAS, service principal, managed identity (golden)", "[storage-azure][golden]") {
  check_answers("azure", "storage-azure/account-key", R"({"account": "acmelake", "container": "lake", "prefix": "prod"})",
                R"({"secrets": {"account_key": "env:AZURE_STORAGE_KEY"}})");
  check_answers("azure", "storage-azure/sas",
                R"({"account": "acmelake", "container": "lake", "endpoint_suffix": "core.chinacloudapi.cn",
                    "credentials": {"mode": "sas"}})",
                R"({"secrets": {"sas_token": "env:AZURE_SAS"}})");
  check_answers("azure", "storage-azure/client-secret",
                R"({"account": "acmelake", "container": "lake", "credentials": {"mode": "client_secret",
                    "tenant_id": "00000000-0000-0000-0000-000000000001",
                    "client_id": "00000000-0000-0000-0000-000000000002"}})",
                R"({"secrets": {"client_secret": "env:AZURE_CLIENT_SECRET"}})");
  check_answers("azure", "storage-azure/managed-identity",
                R"({"account": "acmelake", "container": "lake", "credentials": {"mode": "managed_identity",
                    "client_id": "00000000-0000-0000-0000-000000000002"}})",
                "{}");
}

TEST_CASE("storage-gcs and storage-azure: strict schemas, secrets that fit the mode and stay references",
          "[storage-gcs][storage-azure]") {
  CHECK(Storage("gcs", R"({"bucket": "acme-lake", "region": "eu"})").opened.status == FLOE_ERR_INVALID_CONFIG);
  // Bucket and container names: 3 to 63 characters with a letter or digit at each end
  // (an unbounded pattern beside minLength and maxLength: counted repetitions are slow to compile).
  for (const char* kind : {"gcs", "azure"}) {
    const std::string key = std::string(kind) == "gcs" ? "bucket" : "container";
    const std::string account = std::string(kind) == "azure" ? R"("account": "acmelake", )" : "";
    auto named = [&](const std::string& name) {
      const std::string config = "{" + account + "\"" + key + "\": \"" + name + "\"}";
      return Storage(kind, config.c_str()).opened.status;
    };
    CAPTURE(kind);
    CHECK(named("a" + std::string(61, 'b') + "c") == FLOE_OK);
    CHECK(named("abc") == FLOE_OK);
    CHECK(named("a" + std::string(62, 'b') + "c") == FLOE_ERR_INVALID_CONFIG);
    CHECK(named("ab") == FLOE_ERR_INVALID_CONFIG);
    CHECK(named("abc-") == FLOE_ERR_INVALID_CONFIG);
  }
  CHECK(Storage("gcs", R"({"bucket": "b1", "credentials": {"mode": "workload_identity"}})").opened.status ==
        FLOE_ERR_INVALID_CONFIG);
  CHECK(Storage("azure", R"({"account": "Acme_Lake", "container": "lake"})").opened.status == FLOE_ERR_INVALID_CONFIG);
  CHECK(Storage("azure", R"({"account": "acmelake", "container": "lake", "credentials": {"mode": "client_secret"}})")
            .opened.status == FLOE_ERR_INVALID_CONFIG);

  Storage azure("azure", R"({"account": "acmelake", "container": "lake"})");
  REQUIRE(azure.opened.status == FLOE_OK);
  auto value = azure.call("get_fileio_config", R"({"secrets": {"account_key": "c2VjcmV0LWtleQ=="}})");
  CHECK(value.status == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(value.body.find("c2VjcmV0LWtleQ") == std::string::npos);
  CHECK(azure.call("get_fileio_config", R"({"secrets": {"sas_token": "env:S"}})").status == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(azure.call("get_dbt_profile_config", R"({"secrets": {"account_key": "file:/run/k"}})").status ==
        FLOE_ERR_INVALID_ARGUMENT);

  Storage gcs("gcs", R"({"bucket": "acme-lake", "credentials": {"mode": "workload_identity",
                          "service_account_email": "lake@acme-data.iam.gserviceaccount.com"}})");
  CHECK(gcs.call("get_fileio_config", R"({"secrets": {"service_account_json": "file:/k.json"}})").status ==
        FLOE_ERR_INVALID_ARGUMENT);
}
