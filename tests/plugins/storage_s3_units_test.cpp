// storage-s3's units: AWS Signature V4 against the examples AWS publishes
// (byte for byte), the configuration's rules, and every answer as a golden
// file (tests/fixtures/golden/storage-s3/).
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <filesystem>
#include <string>

#include "floe/plugin.hpp"
#include "golden.hpp"
#include "s3_config.hpp"
#include "s3_outputs.hpp"
#include "sigv4.hpp"

namespace {

namespace json = boost::json;
using namespace floe::storage_s3;
using namespace floe::plugin_support;

const crypto_functions& crypto() {
  std::string problem;
  const crypto_functions* c = open_crypto(problem);
  INFO(problem);
  REQUIRE(c != nullptr);
  return *c;
}

// The example keys of AWS's Signature V4 documentation for S3.
const sigv4_credentials kAwsExample{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""};
const char* kEmptySha = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

std::string authorization(const sigv4_signed& s) { return s.headers.back(); }

s3_config config_of(const char* text) { return parse_s3_config(json::parse(text).as_object()); }

std::filesystem::path golden_dir() { return std::filesystem::path(FLOE_TEST_SOURCE_DIR) / "tests/fixtures/golden/storage-s3"; }

void check_golden(const std::string& name, const json::value& actual) {
  auto file = golden_dir() / (name + ".json");
  std::string text = floe::test::render_json(actual);
  CHECK(floe::test::golden_text(file, text) == text);
}

floe_status status_of(const std::function<void()>& body) {
  try {
    body();
  } catch (const floe::sdk::error& e) {
    return e.code();
  }
  return FLOE_OK;
}

}  // namespace

TEST_CASE("storage-s3 sigv4: AWS's GET Object example, byte for byte", "[storage-s3][sigv4]") {
  sigv4_request r;
  r.host = "examplebucket.s3.amazonaws.com";
  r.path = "/test.txt";
  r.headers = {{"range", "bytes=0-9"}};
  r.region = "us-east-1";
  r.amz_date = "20130524T000000Z";
  r.payload_sha256 = kEmptySha;
  CHECK(canonical_request(r) ==
        "GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n"
        "x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
        "x-amz-date:20130524T000000Z\n\nhost;range;x-amz-content-sha256;x-amz-date\n"
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(authorization(sign(crypto(), r, kAwsExample)) ==
        "Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
        "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
        "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

TEST_CASE("storage-s3 sigv4: AWS's GET Bucket (list objects) example, query sorted and encoded", "[storage-s3][sigv4]") {
  sigv4_request r;
  r.host = "examplebucket.s3.amazonaws.com";
  r.query = {{"prefix", "J"}, {"max-keys", "2"}};
  r.region = "us-east-1";
  r.amz_date = "20130524T000000Z";
  r.payload_sha256 = kEmptySha;
  auto s = sign(crypto(), r, kAwsExample);
  CHECK(s.canonical_query == "max-keys=2&prefix=J");
  CHECK(authorization(s) ==
        "Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
        "SignedHeaders=host;x-amz-content-sha256;x-amz-date, "
        "Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
  CHECK(uri_encode("a b/c~d*", true) == "a%20b/c~d%2A");
  CHECK(uri_encode("a/b", false) == "a%2Fb");
}

TEST_CASE("storage-s3 sigv4: a session token is signed and sent", "[storage-s3][sigv4]") {
  sigv4_request r;
  r.host = "127.0.0.1:9000";
  r.path = "/lake";
  r.region = "us-east-1";
  r.amz_date = "20260101T000000Z";
  r.payload_sha256 = kEmptySha;
  sigv4_credentials with_token = kAwsExample;
  with_token.session_token = "token-value";
  auto s = sign(crypto(), r, with_token);
  CHECK(authorization(s).find("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token") !=
        std::string::npos);
  CHECK(std::find(s.headers.begin(), s.headers.end(), "x-amz-security-token: token-value") != s.headers.end());
  for (const auto& h : s.headers) CHECK(h.find(with_token.secret_access_key) == std::string::npos);
}

TEST_CASE("storage-s3 config: defaults follow the endpoint, the rules a schema cannot say", "[storage-s3][config]") {
  auto minio = config_of(R"({"endpoint": "http://minio:9000/", "bucket": "acme-lake"})");
  CHECK(minio.endpoint == "http://minio:9000");
  CHECK(minio.path_style);
  CHECK(service_host(minio) == "minio:9000");
  auto aws = config_of(R"({"bucket": "acme-lake", "region": "eu-west-1", "prefix": "lake/prod"})");
  CHECK_FALSE(aws.path_style);
  CHECK(service_url(aws) == "https://s3.eu-west-1.amazonaws.com");
  CHECK(root_uri(aws) == "s3://acme-lake/lake/prod");

  CHECK(status_of([] { config_of(R"({"bucket": "b1", "credentials": {"mode": "iam_role"}})"); }) ==
        FLOE_ERR_INVALID_CONFIG);
  CHECK(status_of([] {
          config_of(R"({"bucket": "b1", "credentials": {"role_arn": "arn:aws:iam::123456789012:role/x"}})");
        }) == FLOE_ERR_INVALID_CONFIG);
  CHECK(status_of([] { config_of(R"({"bucket": "b1", "prefix": "a/../b"})"); }) == FLOE_ERR_INVALID_CONFIG);
  CHECK(status_of([] { config_of(R"({"endpoint": "ftp://x", "bucket": "b1"})"); }) == FLOE_ERR_INVALID_CONFIG);
}

TEST_CASE("storage-s3 answers: the example platform's MinIO with static keys (golden)", "[storage-s3][golden]") {
  auto c = config_of(R"({"endpoint": "http://minio:9000", "bucket": "acme-lake", "region": "us-east-1",
                         "path_style_access": true})");
  auto request = json::parse(R"({"secrets": {"access_key_id": "env:AWS_ACCESS_KEY_ID",
      "secret_access_key": "env:FLOE_SECRET_LAKE_SECRET_ACCESS_KEY"}})").as_object();
  auto secrets = checked_secrets(c, request);
  check_golden("minio-binding", deployment_binding(c, secrets));
  check_golden("minio-fileio", fileio_config(c, secrets));
  check_golden("minio-dbt", dbt_profile_config(c, secrets));
  check_golden("minio-helm", helm_values(c, secrets));
  check_golden("minio-catalog", catalog_config(c, secrets));
  CHECK(warehouse_uri(c, "sales") == json::parse(R"({"uri": "s3://acme-lake/sales"})"));
}

TEST_CASE("storage-s3 answers: AWS with an IRSA role, no static keys (golden)", "[storage-s3][golden]") {
  auto c = config_of(R"({"bucket": "acme-lake", "region": "eu-west-1", "prefix": "warehouse",
      "credentials": {"mode": "iam_role", "role_arn": "arn:aws:iam::123456789012:role/IcebergStorage",
                      "role_session_name": "floe"}})");
  secret_refs none;
  check_golden("irsa-binding", deployment_binding(c, none));
  check_golden("irsa-fileio", fileio_config(c, none));
  check_golden("irsa-dbt", dbt_profile_config(c, none));
  check_golden("irsa-helm", helm_values(c, none));
  check_golden("irsa-catalog", catalog_config(c, none));
  CHECK(warehouse_uri(c, "sales") == json::parse(R"({"uri": "s3://acme-lake/warehouse/sales"})"));
}

TEST_CASE("storage-s3 answers: secrets are references that fit the mode, never values", "[storage-s3][secrets]") {
  auto c = config_of(R"({"endpoint": "http://minio:9000", "bucket": "acme-lake"})");
  auto refused = [&](const char* request) {
    return status_of([&] { checked_secrets(c, json::parse(request).as_object()); });
  };
  CHECK(refused(R"({"secrets": {"access_key_id": "AKIAIOSFODNN7EXAMPLE", "secret_access_key": "env:S"}})") ==
        FLOE_ERR_INVALID_ARGUMENT);
  CHECK(refused(R"({"secrets": {"access_key_id": "env:A"}})") == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(refused(R"({"secrets": {"password": "env:A"}})") == FLOE_ERR_INVALID_ARGUMENT);
  try {
    checked_secrets(c, json::parse(R"({"secrets": {"access_key_id": "AKIAVALUE", "secret_access_key": "env:S"}})").as_object());
  } catch (const floe::sdk::error& e) {
    CHECK(std::string(e.what()).find("AKIAVALUE") == std::string::npos);
  }
  // dbt reads environment variables only.
  auto file_refs = checked_secrets(
      c, json::parse(R"({"secrets": {"access_key_id": "file:/run/k", "secret_access_key": "file:/run/s"}})").as_object());
  CHECK(status_of([&] { dbt_profile_config(c, file_refs); }) == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(fileio_config(c, file_refs).at("secret_properties").at("s3.access-key-id") == "file:/run/k");

  auto irsa = config_of(R"({"bucket": "b1", "credentials": {"mode": "iam_role",
                             "role_arn": "arn:aws:iam::123456789012:role/x"}})");
  CHECK(status_of([&] {
          checked_secrets(irsa, json::parse(R"({"secrets": {"access_key_id": "env:A", "secret_access_key": "env:B"}})")
                                    .as_object());
        }) == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(status_of([&] { warehouse_uri(c, "../etc"); }) == FLOE_ERR_INVALID_ARGUMENT);
}
