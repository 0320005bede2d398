// floe/compile.h through the public C API only: status codes, ownership and
// the report shape a linking tool relies on.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "floe/floe.h"

namespace {

struct Call {
  floe_buffer out = FLOE_BUFFER_INIT;
  floe_error error = FLOE_ERROR_INIT;
  floe_status status = FLOE_OK;
  ~Call() {
    floe_buffer_release(&out);
    floe_error_release(&error);
  }
  std::string text() const { return out.data ? std::string(out.data, out.length) : std::string(); }
};

std::string example(const std::string& rel) { return std::string(FLOE_TEST_SOURCE_DIR) + "/examples/" + rel; }

}  // namespace

TEST_CASE("floe_compile_run: problems in the user's files are in the report, not the status", "[capi]") {
  Call c;
  std::string request = boost::json::serialize(
      boost::json::object{{"operation", "validate"}, {"product", example("variants/naming/floe.yaml")}});
  c.status = floe_compile_run(request.c_str(), &c.out, &c.error);
  REQUIRE(c.status == FLOE_OK);
  boost::json::value report = boost::json::parse(c.text());
  CHECK(report.at("outcome") == "policy_violation");
  CHECK(report.at("counts").at("errors").as_int64() >= 1);
  CHECK(report.at("written").as_array().empty());
  CHECK(report.as_object().contains("stages"));
  CHECK_FALSE(report.as_object().contains("sarif"));
}

TEST_CASE("floe_compile_run: a malformed request is an error with a reason", "[capi]") {
  Call unknown;
  unknown.status = floe_compile_run(R"({"operation": "deploy"})", &unknown.out, &unknown.error);
  CHECK(unknown.status == FLOE_ERR_INVALID_ARGUMENT);
  REQUIRE(unknown.error.message != nullptr);
  CHECK(std::string(unknown.error.message).find("unknown operation 'deploy'") != std::string::npos);

  Call bad_json;
  bad_json.status = floe_compile_run("{\"operation\": ", &bad_json.out, &bad_json.error);
  CHECK(bad_json.status == FLOE_ERR_INVALID_ARGUMENT);

  Call not_object;
  not_object.status = floe_compile_run("[1, 2]", &not_object.out, &not_object.error);
  CHECK(not_object.status == FLOE_ERR_INVALID_ARGUMENT);

  Call null_args;
  null_args.status = floe_compile_run(nullptr, &null_args.out, &null_args.error);
  CHECK(null_args.status == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(floe_compile_run("{}", nullptr, nullptr) == FLOE_ERR_INVALID_ARGUMENT);
}

TEST_CASE("floe_schema: the three kinds, and NOT_FOUND for others", "[capi]") {
  for (const char* kind : {"manifest", "data-product", "compiled-artifacts"}) {
    Call c;
    c.status = floe_schema(kind, &c.out, &c.error);
    REQUIRE(c.status == FLOE_OK);
    boost::json::value schema = boost::json::parse(c.text());
    CHECK(schema.at("$schema") == "https://json-schema.org/draft/2020-12/schema");
  }
  Call other;
  other.status = floe_schema("platform", &other.out, &other.error);
  CHECK(other.status == FLOE_ERR_NOT_FOUND);
  CHECK(std::string(other.error.message).find("unknown schema 'platform'") != std::string::npos);
}

TEST_CASE("floe_compile_run migrate: the new file in the result, nothing written with output -", "[capi][migrate]") {
  std::string seed = std::string(FLOE_TEST_SOURCE_DIR) + "/tests/fixtures/seeds/architecture-two-tier/platform.yaml";
  Call c;
  std::string request = boost::json::serialize(boost::json::object{{"operation", "migrate"}, {"path", seed}, {"output", "-"}});
  c.status = floe_compile_run(request.c_str(), &c.out, &c.error);
  REQUIRE(c.status == FLOE_OK);
  boost::json::value report = boost::json::parse(c.text());
  CHECK(report.at("outcome") == "ok");
  CHECK(report.at("written").as_array().empty());
  const auto& result = report.at("result");
  CHECK(result.at("kind") == "manifest");
  CHECK(result.at("output") == "-");
  CHECK(result.at("notes") == 9);
  CHECK(std::string(result.at("text").as_string()).find("\napiVersion: floe.dev/v1\nkind: Manifest\n") != std::string::npos);

  Call no_path;
  no_path.status = floe_compile_run(R"({"operation": "migrate"})", &no_path.out, &no_path.error);
  CHECK(no_path.status == FLOE_ERR_INVALID_ARGUMENT);
  REQUIRE(no_path.error.message != nullptr);
  CHECK(std::string(no_path.error.message) == "migrate: \"path\" (the file to migrate) is required");
  Call bad_kind;
  bad_kind.status = floe_compile_run(R"({"operation": "migrate", "path": "x.yaml", "kind": "Manifest"})", &bad_kind.out,
                                     &bad_kind.error);
  CHECK(bad_kind.status == FLOE_ERR_INVALID_ARGUMENT);
}

// A caller that prints the diagnostics need not take the enforcement result,
// which repeats every finding. 5,000 models: enough for the project to be
// freed beside the report's writing (compile/product_compile.cpp) and for
// the diagnostics to be written in parts on the cores.
TEST_CASE("floe_compile_run validate: enforcement_result false leaves only the enforcement out", "[capi]") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("floe-capi-enforcement-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const std::string gen = "python3 '" + std::string(FLOE_TEST_SOURCE_DIR) + "/bench/gen_dbt_project.py' --models 5000 --out '" +
                          dir.string() + "' --violations 5 --seed 3 > /dev/null";
  REQUIRE(std::system(gen.c_str()) == 0);
  {
    std::ofstream product(dir / "floe.yaml");
    product << "apiVersion: floe.dev/v1\nkind: DataProduct\nmetadata: {name: gen5k, version: 1.0.0, owner: t@example.com}\n"
               "platform: {ref: '"
            << example("platform/manifest.yaml") << "'}\ntransforms: [{type: dbt, path: .}]\n";
  }
  auto validate = [&](bool with_result) {
    boost::json::object request{{"operation", "validate"}, {"product", (dir / "floe.yaml").string()}};
    if (!with_result) request["enforcement_result"] = false;
    Call c;
    c.status = floe_compile_run(boost::json::serialize(request).c_str(), &c.out, &c.error);
    REQUIRE(c.status == FLOE_OK);
    return boost::json::parse(c.text()).as_object();
  };
  boost::json::object full = validate(true);
  boost::json::object lean = validate(false);
  fs::remove_all(dir);

  CHECK(full.at("outcome") == "policy_violation");
  REQUIRE(full.at("diagnostics").as_array().size() > 4096);
  REQUIRE(full.at("enforcement").is_object());
  CHECK(full.at("enforcement").at("findings").as_array().size() == full.at("diagnostics").as_array().size());
  CHECK(lean.at("enforcement").is_null());
  full.erase("enforcement");
  lean.erase("enforcement");
  CHECK(full == lean);
}
