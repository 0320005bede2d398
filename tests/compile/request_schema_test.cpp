// The operation requests and reports of floe/compile.h and floe/artifacts.h:
// the shipped schemas (docs/schemas/compile-request, artifact-request,
// operation-report), requests refused before anything runs with the key
// named, the requests the CLI sends accepted, and reports that follow
// operation-report.schema.json.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "artifacts/artifact_ops.hpp"
#include "compile/explain.hpp"
#include "compile/migrate.hpp"
#include "compile/platform_compile.hpp"
#include "compile/policy_tests.hpp"
#include "compile/product_compile.hpp"
#include "compile_test_support.hpp"
#include "config/document_schema.hpp"
#include "floe/floe.h"
#include "oci/blob_cache.hpp"
#include "oci/registry_target.hpp"
#include "schema/json_schema.hpp"
#include "temp_dir.hpp"

using namespace floe::test;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

const char* const kNewKinds[] = {"compile-request", "artifact-request", "run-request", "table-request", "operation-report"};

struct Call {
  floe_buffer out = FLOE_BUFFER_INIT;
  floe_error error = FLOE_ERROR_INIT;
  floe_status status = FLOE_OK;
  Call() = default;
  Call(const Call&) = delete;
  Call& operator=(const Call&) = delete;
  ~Call() {
    floe_buffer_release(&out);
    floe_error_release(&error);
  }
  std::string text() const { return out.data ? std::string(out.data, out.length) : std::string(); }
  std::string message() const { return error.message ? error.message : ""; }
  json::value detail() const { return error.detail_json ? json::parse(error.detail_json) : json::value(); }
};

// Runs `request` through floe_compile_run or floe_artifact_run.
void compile_run(Call& c, const std::string& request) { c.status = floe_compile_run(request.c_str(), &c.out, &c.error); }
void artifact_run(Call& c, const std::string& request) {
  c.status = floe_artifact_run(request.c_str(), nullptr, &c.out, &c.error);
}

const json::value& schema(const char* kind) {
  const json::value* s = floe::embedded_schema_json(kind);
  REQUIRE(s != nullptr);
  return *s;
}

// Every way `report` breaks operation-report.schema.json, one line each.
std::string report_problems(const json::value& report) {
  std::string out;
  for (const auto& issue : floe::validate_against_schema(schema("operation-report"), report))
    out += issue.path + ": " + issue.message + "\n";
  return out;
}

// The schema a property of an operation entry stands for (following one $ref).
const json::object& property(const json::value& root, const json::object& p) {
  if (const auto* ref = p.if_contains("$ref")) {
    std::string r(ref->as_string());
    return root.at("$defs").at(r.substr(r.rfind('/') + 1)).as_object();
  }
  return p;
}

// The $defs entry of `operation` in a request schema.
const json::object& operation_entry(const char* kind, const std::string& operation) {
  for (const auto& [name, entry] : schema(kind).at("$defs").as_object())
    if (const auto* props = entry.as_object().if_contains("properties"))
      if (const auto* op = props->as_object().if_contains("operation"); op && op->at("const") == operation.c_str())
        return entry.as_object();
  FAIL("no operation " << operation << " in " << kind);
  throw std::logic_error("unreachable");
}

const json::value& default_of(const char* kind, const std::string& operation, const char* key) {
  const json::value& root = schema(kind);
  return property(root, operation_entry(kind, operation).at("properties").at(key).as_object()).at("default");
}

// Refusals the CLI would print for a request the library did not accept.
bool refused_request(const ProcessResult& r) {
  for (const char* sign : {"request.", "is required", "unknown key", "this library speaks", "not implemented"})
    if (r.err.find(sign) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("the request and report schemas are shipped, embedded and valid", "[requests][schema]") {
  for (const char* kind : kNewKinds) {
    INFO(kind);
    std::string file = read_file(fs::path(FLOE_TEST_SOURCE_DIR) / "docs/schemas" / (std::string(kind) + ".schema.json"));
    CHECK(floe::embedded_schema(kind) == file);
    Call c;
    c.status = floe_schema(kind, &c.out, &c.error);
    REQUIRE(c.status == FLOE_OK);
    CHECK(c.text() == file);
    auto problems = floe::check_schema(schema(kind));
    INFO(problems.size() << " problem(s), first: " << (problems.empty() ? "" : problems[0]));
    CHECK(problems.empty());
    CHECK(schema(kind).at("$schema") == "https://json-schema.org/draft/2020-12/schema");
    CHECK(schema(kind).at("$id") == ("https://floe.dev/schemas/" + std::string(kind) + ".schema.json").c_str());
  }
  Call other;
  other.status = floe_schema("deploy-request", &other.out, &other.error);
  CHECK(other.status == FLOE_ERR_NOT_FOUND);
  CHECK(other.message().find("compile-request, artifact-request, run-request, table-request, operation-report") != std::string::npos);
}

TEST_CASE("each operation lists every key it takes, described, and nothing else", "[requests][schema]") {
  for (const char* kind : {"compile-request", "artifact-request", "run-request", "table-request"}) {
    INFO(kind);
    const json::value& root = schema(kind);
    std::vector<std::string> operations;
    for (const auto& alternative : root.at("oneOf").as_array()) {
      std::string ref(alternative.at("$ref").as_string());
      const json::object& entry = root.at("$defs").at(ref.substr(ref.rfind('/') + 1)).as_object();
      const json::object& props = entry.at("properties").as_object();
      operations.emplace_back(props.at("operation").at("const").as_string());
      INFO(operations.back());
      CHECK(entry.at("additionalProperties") == false);
      CHECK(entry.contains("description"));
      CHECK(props.contains("api_version"));
      for (const auto& [key, sub] : props) {
        INFO(std::string(key));
        CHECK(property(root, sub.as_object()).contains("description"));
      }
    }
    // Nested objects are closed too.
    CHECK(root.at("$defs").at("registry_options").at("additionalProperties") == false);
    CHECK(root.at("$defs").at("api_version").at("minimum") == 1);
    CHECK(root.at("$defs").at("api_version").at("maximum") == 1);
    const std::map<std::string, std::size_t> expected_operations = {
        {"compile-request", 11}, {"artifact-request", 9}, {"run-request", 2}, {"table-request", 3}};
    CHECK(operations.size() == expected_operations.at(kind));
  }
  // What both request schemas share is the same text in both.
  for (const char* shared : {"api_version", "registry_options", "verify", "keys", "deadline_ms"}) {
    CHECK(schema("compile-request").at("$defs").at(shared) == schema("artifact-request").at("$defs").at(shared));
    CHECK(schema("run-request").at("$defs").at(shared) == schema("table-request").at("$defs").at(shared));
  }
  CHECK(schema("run-request").at("$defs").at("deadline_ms") == schema("compile-request").at("$defs").at("deadline_ms"));
  // Every operation of every entry point takes the overall deadline (the CLI's --timeout).
  for (const char* kind : {"compile-request", "artifact-request", "run-request", "table-request"})
    for (const auto& [name, entry] : schema(kind).at("$defs").as_object())
      if (const auto* props = entry.as_object().if_contains("properties"); props && props->as_object().contains("operation")) {
        INFO(kind << " " << std::string(name));
        CHECK(props->as_object().contains("deadline_ms"));
      }
  CHECK(schema("operation-report").at("properties").at("api_version").at("const") == 1);
}

TEST_CASE("the whole request schema (as an editor uses it) tells valid requests from invalid ones", "[requests][schema]") {
  auto issues = [](const char* kind, const char* request) {
    return floe::validate_against_schema(schema(kind), json::parse(request)).size();
  };
  CHECK(issues("compile-request", R"({"operation": "validate"})") == 0);
  CHECK(issues("compile-request", R"({"api_version": 1, "operation": "compile", "product": "p/floe.yaml", "sarif": true,
                                      "registry_options": {"timeout_ms": 1000}, "keys": ["k.pub"]})") == 0);
  CHECK(issues("compile-request", R"({"operation": "migrate", "path": "platform.yaml", "output": "-"})") == 0);
  CHECK(issues("artifact-request", R"({"operation": "publish", "version": "1.0.0", "from_dir": "d", "force": true})") == 0);
  CHECK(issues("artifact-request", R"({"operation": "verify", "reference": "oci-layout:l:1", "keys": ["k.pub"]})") == 0);
  CHECK(issues("compile-request", R"({"operation": "migrate"})") > 0);
  CHECK(issues("compile-request", R"({"operation": "explain", "product": "floe.yaml"})") > 0);
  CHECK(issues("artifact-request", R"({"operation": "deploy"})") > 0);
}

TEST_CASE("the defaults the schemas show are the library's defaults", "[requests][schema]") {
  CHECK(default_of("compile-request", "compile", "product") == floe::CompileRequest{}.product_path.c_str());
  CHECK(default_of("compile-request", "validate", "product") == floe::CompileRequest{}.product_path.c_str());
  CHECK(default_of("compile-request", "platform_compile", "manifest") == floe::PlatformCompileRequest{}.manifest_path.c_str());
  CHECK(default_of("compile-request", "platform_compile", "write") == floe::PlatformCompileRequest{}.write);
  CHECK(default_of("compile-request", "platform_test", "manifest") == floe::PlatformTestRequest{}.manifest_path.c_str());
  CHECK(default_of("compile-request", "explain", "path") == floe::ExplainRequest{}.path.c_str());
  CHECK(default_of("compile-request", "migrate", "force") == floe::MigrateRequest{}.force);
  CHECK(default_of("artifact-request", "init", "product") == floe::oci::InitOperation{}.product.c_str());
  CHECK(default_of("artifact-request", "publish", "force") == floe::oci::PublishOperation{}.force);
  floe::oci::BlobCache::PruneOptions prune;
  CHECK(default_of("artifact-request", "cache_prune", "all") == prune.all);
  CHECK(default_of("artifact-request", "cache_prune", "dry_run") == prune.dry_run);
  CHECK(default_of("artifact-request", "cache_prune", "unused_for_seconds") == prune.unused_for_seconds);
  floe::oci::RegistryOptions registry;
  const json::value& options = schema("artifact-request").at("$defs").at("registry_options").at("properties");
  CHECK(options.at("timeout_ms").at("default") == registry.timeout_ms);
  CHECK(options.at("connect_timeout_ms").at("default") == registry.connect_timeout_ms);
  CHECK(options.at("retries").at("default") == registry.max_retries);
}

TEST_CASE("an unknown key is refused before anything runs, with a did-you-mean", "[requests][capi]") {
  TempDir tmp;
  Call c;
  compile_run(c, json::serialize(json::object{{"operation", "compile"},
                                              {"prodcut", example("customer-360/floe.yaml")},
                                              {"output_dir", (tmp.path() / "out").string()}}));
  CHECK(c.status == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(c.message() == "request.prodcut: unknown key; did you mean 'product'?");
  CHECK(c.detail().at("problems").at(0).at("key") == "request.prodcut");
  CHECK(c.detail().at("problems").at(0).at("did_you_mean") == "product");
  CHECK(c.out.data == nullptr);
  CHECK_FALSE(fs::exists(tmp.path() / "out"));

  Call nested;
  compile_run(nested, R"({"operation": "validate", "registry_options": {"timeout": 5}})");
  CHECK(nested.status == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(nested.message() == "request.registry_options.timeout: unknown key; did you mean 'timeout_ms'?");

  // Far from every key: the message lists what the operation takes.
  Call far;
  artifact_run(far, R"({"operation": "keygen", "registry_options": {}})");
  CHECK(far.status == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(far.message() == "request.registry_options: unknown key; expected one of api_version, deadline_ms, operation, prefix");
  CHECK_FALSE(far.detail().at("problems").at(0).as_object().contains("did_you_mean"));
}

TEST_CASE("a value of the wrong type is refused with its key path", "[requests][capi]") {
  Call timeout;
  compile_run(timeout, R"({"operation": "validate", "registry_options": {"timeout_ms": "30"}})");
  CHECK(timeout.status == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(timeout.message() == "request.registry_options.timeout_ms: expected integer, got string");

  Call flag;
  artifact_run(flag, R"({"operation": "cache_prune", "dry_run": "yes"})");
  CHECK(flag.status == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(flag.message() == "request.dry_run: expected boolean, got string");

  Call item;
  artifact_run(item, R"({"operation": "verify", "reference": "oci-layout:x:1", "keys": ["a.pub", 3]})");
  CHECK(item.status == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(item.message() == "request.keys[1]: expected string, got integer");

  Call value;
  compile_run(value, R"({"operation": "explain", "verify": "enforced"})");
  CHECK(value.status == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(value.message().rfind("request.verify: \"enforced\" is not allowed", 0) == 0);
  CHECK(value.message().find("did you mean 'enforce'?") != std::string::npos);

  Call negative;
  compile_run(negative, R"({"operation": "validate", "registry_options": {"retries": -1}})");
  CHECK(negative.status == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(negative.message().rfind("request.registry_options.retries: ", 0) == 0);

  // deadline_ms: a positive integer of milliseconds, at most a week.
  for (const char* bad : {R"({"operation": "validate", "deadline_ms": 0})", R"({"operation": "validate", "deadline_ms": "5"})",
                          R"({"operation": "validate", "deadline_ms": 604800001})"}) {
    INFO(bad);
    Call deadline;
    compile_run(deadline, bad);
    CHECK(deadline.status == FLOE_ERR_INVALID_ARGUMENT);
    CHECK(deadline.message().rfind("request.deadline_ms: ", 0) == 0);
  }
  Call deadline_artifact;
  artifact_run(deadline_artifact, R"({"operation": "cache_list", "deadline_ms": -1})");
  CHECK(deadline_artifact.status == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(deadline_artifact.message().rfind("request.deadline_ms: ", 0) == 0);
  Call deadline_name;
  compile_run(deadline_name, R"({"operation": "validate", "deadline": 5})");
  CHECK(deadline_name.message() == "request.deadline: unknown key; did you mean 'deadline_ms'?");
}

TEST_CASE("every problem of one request is in one message", "[requests][capi]") {
  Call c;
  compile_run(c, R"({"operation": "platform_compile", "manifest": 7, "wirte": false, "sarif": "no"})");
  CHECK(c.status == FLOE_ERR_INVALID_ARGUMENT);
  for (const char* part : {"request.manifest: expected string, got integer", "request.wirte: unknown key; did you mean 'write'?",
                           "request.sarif: expected boolean, got string"}) {
    INFO(part);
    CHECK(c.message().find(part) != std::string::npos);
  }
  CHECK(c.detail().at("problems").as_array().size() == 3);
}

TEST_CASE("api_version: absent or 1 is accepted, anything else refused", "[requests][capi]") {
  std::string product = example("variants/naming/floe.yaml");
  for (const char* version : {"", R"(, "api_version": 1)", R"(, "api_version": 1.0)"}) {
    Call c;
    compile_run(c, R"({"operation": "validate", "product": ")" + product + "\"" + version + "}");
    INFO(c.message());
    REQUIRE(c.status == FLOE_OK);
    CHECK(json::parse(c.text()).at("api_version") == 1);
  }
  for (const char* version : {"2", "0", "-1", "\"1\"", "null", "[1]"}) {
    INFO(version);
    Call c;
    compile_run(c, std::string(R"({"operation": "validate", "api_version": )") + version + "}");
    CHECK(c.status == FLOE_ERR_INVALID_ARGUMENT);
    CHECK(c.message() ==
          "request.api_version: " + std::string(version) + " is not supported; this library speaks api_version 1");
    Call a;
    artifact_run(a, std::string(R"({"operation": "cache_list", "api_version": )") + version + "}");
    CHECK(a.status == FLOE_ERR_INVALID_ARGUMENT);
    CHECK(a.message().rfind("request.api_version: ", 0) == 0);
  }
  Call fraction;
  compile_run(fraction, R"({"operation": "validate", "api_version": 1.5})");
  CHECK(fraction.status == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(fraction.message().rfind("request.api_version: ", 0) == 0);
  // A newer request is refused for its version, not for keys this library does not know.
  Call newer;
  compile_run(newer, R"({"api_version": 2, "operation": "deploy", "target": "prod"})");
  CHECK(newer.message() == "request.api_version: 2 is not supported; this library speaks api_version 1");
}

TEST_CASE("a missing or unknown operation is refused, listing the operations", "[requests][capi]") {
  Call none;
  compile_run(none, R"({"product": "floe.yaml"})");
  CHECK(none.status == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(none.message() == "request.operation is missing: expected compile, validate, platform_compile, platform_test, "
                          "platform_status, platform_deploy, explain, migrate, contract_init, contract_diff or contract_lint");
  Call artifact_none;
  artifact_run(artifact_none, "{}");
  CHECK(artifact_none.status == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(artifact_none.message() == "request.operation is missing: expected publish, product_publish, pull, init, sign, "
                                   "verify, keygen, cache_list or cache_prune");
  Call typo;
  compile_run(typo, R"({"operation": "valdate"})");
  CHECK(typo.status == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(typo.message().find("unknown operation 'valdate'") != std::string::npos);
  CHECK(typo.message().find("(did you mean 'validate'?)") != std::string::npos);
  Call number;
  artifact_run(number, R"({"operation": 3})");
  CHECK(number.status == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(number.message().rfind("request.operation: expected a string", 0) == 0);
}

TEST_CASE("required keys and key combinations", "[requests][capi]") {
  Call version;
  artifact_run(version, R"({"operation": "publish", "manifest": "manifest.yaml"})");
  CHECK(version.status == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(version.message() == "publish: \"version\" (the version to publish as) is required");
  Call keys;
  artifact_run(keys, R"({"operation": "verify", "reference": "oci-layout:x:1", "keys": []})");
  CHECK(keys.status == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(keys.message().rfind("request.keys: ", 0) == 0);
  Call both;
  artifact_run(both, R"({"operation": "publish", "version": "1.0.0", "manifest": "m.yaml", "from_dir": "d"})");
  CHECK(both.status == FLOE_ERR_INVALID_ARGUMENT);
  CHECK(both.message().find("not both") != std::string::npos);
}

TEST_CASE("keygen without a prefix uses the library's default", "[requests][capi]") {
  TempDir tmp;
  std::error_code ec;
  fs::path before = fs::current_path();
  fs::current_path(tmp.path());
  Call c;
  artifact_run(c, R"({"operation": "keygen"})");
  fs::current_path(before, ec);
  REQUIRE(c.status == FLOE_OK);
  json::value report = json::parse(c.text());
  CHECK(report_problems(report).empty());
  CHECK(fs::exists(tmp.path() / (default_of("artifact-request", "keygen", "prefix").as_string().c_str() + std::string(".key"))));
}

TEST_CASE("reports follow operation-report.schema.json", "[requests][report]") {
  TempDir tmp;
  auto check_report = [](const std::string& what, const json::value& report) {
    INFO(what << "\n" << json::serialize(report));
    CHECK(report_problems(report).empty());
    CHECK(report.at("api_version") == 1);
  };

  Call failed;  // a run that found problems: policy violations, enforcement ran
  compile_run(failed, json::serialize(json::object{{"operation", "validate"},
                                                   {"product", example("variants/naming/floe.yaml")},
                                                   {"sarif", true}}));
  REQUIRE(failed.status == FLOE_OK);
  json::value failed_report = json::parse(failed.text());
  CHECK(failed_report.at("outcome") == "policy_violation");
  CHECK(failed_report.at("enforcement").is_object());
  check_report("validate (C API)", failed_report);

  auto compiled = floe_json({"compile", example("customer-360/floe.yaml"), "-o", (tmp.path() / "target").string()});
  CHECK(compiled.process.exit_code == 0);
  CHECK_FALSE(compiled.report.at("written").as_array().empty());
  check_report("compile", compiled.report);

  auto validated = floe_json({"validate", example("customer-360/floe.yaml")});
  CHECK(validated.process.exit_code == 0);
  check_report("validate", validated.report);

  auto missing = floe_json({"validate", (tmp.path() / "absent/floe.yaml").string()});
  CHECK(missing.process.exit_code != 0);
  CHECK(missing.report.at("outcome") != "ok");
  check_report("a failed run", missing.report);

  copy_tree(examples_dir() / "platform", tmp.path() / "platform");
  std::string layout = "oci-layout:" + (tmp.path() / "layout").string();
  auto published = floe_json({"platform", "publish", "1.0.0", (tmp.path() / "platform/manifest.yaml").string(),
                              "--registry", layout, "--cache-dir", (tmp.path() / "cache").string()});
  CHECK(published.process.exit_code == 0);
  CHECK(published.report.at("result").at("reference").as_string().starts_with("oci-layout:"));
  check_report("publish to an OCI layout", published.report);
}

TEST_CASE("every request the CLI sends is accepted", "[requests][cli]") {
  TempDir tmp;
  const std::string t = tmp.str();
  const std::string cache = t + "/cache";
  copy_tree(examples_dir() / "platform", tmp.path() / "platform");
  const std::string manifest = t + "/platform/manifest.yaml";
  const std::string layout = "oci-layout:" + t + "/layout";
  const std::string seed = std::string(FLOE_TEST_SOURCE_DIR) + "/tests/fixtures/seeds/architecture-two-tier/platform.yaml";
  const std::vector<std::string> registry = {"--plain-http", "--insecure", "--username", "someone", "--timeout", "30",
                                             "--cache-dir", cache};

  struct Case {
    std::vector<std::string> args;
    bool json_report;  // prints the whole report (checked against the schema)
    int exit_code = 0;
  };
  copy_tree(examples_dir() / "customer-360", tmp.path() / "product");
  std::vector<Case> cases = {
      {{"artifact", "keygen", "--prefix", t + "/signing", "--timeout", "60"}, true},
      {{"--plugin-path", t, "compile", example("customer-360/floe.yaml"), "-o", t + "/target", "--verify", "off",
        "--key", t + "/signing.pub"},
       true},
      {{"validate", example("customer-360/floe.yaml"), "--platform", example("platform/manifest.yaml")}, true},
      {{"validate", example("variants/naming/floe.yaml"), "--format", "sarif"}, false, 4},
      {{"explain", "governance", "-f", example("customer-360/floe.yaml"), "--json"}, false},
      {{"--plugin-path", t, "explain", "-f", example("customer-360/floe.yaml")}, false},
      {{"platform", "compile", manifest, "-o", t + "/compiled"}, true},
      {{"--plugin-path", t, "platform", "test", example("platform/manifest.yaml"), "--timeout", "120"}, true},
      {{"migrate", seed, "-o", "-", "--kind", "manifest", "--force", "--timeout", "30.5"}, true},
      {{"migrate", seed, "-o", t + "/migrated.yaml"}, false},
      {{"platform", "publish", "1.0.0", manifest, "--registry", layout, "--sign", "--key", t + "/signing.key"}, true},
      {{"platform", "publish", "dev-1", "--from", t + "/compiled", "--registry", layout, "--force"}, true},
      {{"platform", "pull", layout + ":1.0.0", "-o", t + "/pulled", "--verify", "enforce", "--key", t + "/signing.pub"},
       true},
      {{"init", "--platform", layout + ":1.0.0", t + "/product/floe.yaml", "--verify", "enforce", "--key",
        t + "/signing.pub"},
       true},
      {{"artifact", "sign", layout + ":dev-1", "--key", t + "/signing.key"}, true},
      {{"artifact", "verify", layout + ":1.0.0", "--key", t + "/signing.pub"}, true},
      {{"cache", "ls", "--timeout", "30"}, true},
      {{"cache", "prune", "--older-than", "1", "--dry-run"}, true},
      {{"cache", "prune", "--all"}, true},
  };
  for (auto& c : cases) {
    if (c.args[0] == "init" || (c.args[0] == "platform" && (c.args[1] == "publish" || c.args[1] == "pull")))
      c.args.insert(c.args.end(), registry.begin(), registry.end());
    if (c.args[0] == "cache" || (c.args[0] == "artifact" && c.args[1] != "keygen")) {
      c.args.push_back("--cache-dir");
      c.args.push_back(cache);
    }
    if (c.json_report) c.args.insert(c.args.end(), {"--format", "json"});
    std::string line;
    for (const auto& a : c.args) line += a + " ";
    INFO("floe " << line);
    ProcessResult r = run_floe(c.args);
    INFO("stdout: " << r.out.substr(0, 2000) << "\nstderr: " << r.err);
    CHECK_FALSE(refused_request(r));
    CHECK(r.exit_code == c.exit_code);
    if (c.json_report) {
      json::value report;
      REQUIRE_NOTHROW(report = json::parse(r.out));
      CHECK(report_problems(report).empty());
    }
  }
  // The commands did what they were asked, not just got past the check.
  CHECK(fs::exists(tmp.path() / "signing.key"));
  CHECK(fs::exists(tmp.path() / "target/compiled_artifacts.json"));
  CHECK(fs::exists(tmp.path() / "pulled"));
  CHECK(fs::exists(tmp.path() / "migrated.yaml"));
  CHECK(fs::exists(tmp.path() / "product/floe.lock"));
}
