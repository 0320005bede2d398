// Failure tests: the registry meets real broken plugins (built by this test
// suite, see CMakeLists.txt) through the public C API only. Every case checks
// the exact status, that the message names the file and the reason, and that
// the registry then still serves the working plugin next to the broken one.
#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "registry_client.hpp"

using namespace floe::failure_test;

namespace {

// The process environment must not add roots, and FLOE_FIXTURE_LOADED (set by
// the C fixtures' load-time constructors) must start empty.
const bool kCleanEnvironment = [] {
  ::unsetenv("FLOE_PLUGIN_PATH");
  ::unsetenv("FLOE_FIXTURE_LOADED");
  return true;
}();

}  // namespace

// ---- (a) corrupt libraries ---------------------------------------------------

TEST_CASE("a file of text named .so is refused with the path and why", "[failure][corrupt]") {
  Registry reg(root("corrupt"));
  std::string msg = reg.open_fails("compute", "garbage", FLOE_ERR_LOAD_FAILED);
  CHECK_THAT(msg, Contains(computes("corrupt") + "garbage.so"));
  CHECK_THAT(msg, Contains("not an ELF shared library"));
  reg.good_still_works("corrupt_good");
}

TEST_CASE("a file with an ELF magic but a garbage header is refused with the loader's reason",
          "[failure][corrupt]") {
  Registry reg(root("corrupt"));
  std::string msg = reg.open_fails("compute", "fake_elf", FLOE_ERR_LOAD_FAILED);
  CHECK_THAT(msg, Contains(computes("corrupt") + "fake_elf.so"));
  CHECK_THAT(msg, Contains("ELF"));
  // Its class byte is neither ELFCLASS32 nor ELFCLASS64: a corrupt header,
  // not a library of another word size.
  CHECK_THAT(msg, !Contains("32-bit"));
  reg.good_still_works("corrupt_good");
}

// glibc maps the segments of a truncated library and faults (SIGBUS) when it
// touches the missing pages, so the host must check the file before dlopen.
TEST_CASE("a truncated copy of a real plugin is refused, not a crash", "[failure][corrupt]") {
  Registry reg(root("corrupt"));
  std::string msg = reg.open_fails("compute", "truncated", FLOE_ERR_LOAD_FAILED);
  CHECK_THAT(msg, Contains(computes("corrupt") + "truncated.so"));
  CHECK_THAT(msg, Contains("truncated"));
  reg.good_still_works("corrupt_good");
}

TEST_CASE("a manifest whose library does not exist is a load failure naming the library", "[failure][corrupt]") {
  Registry reg(root("corrupt"));
  std::string msg = reg.open_fails("compute", "missing", FLOE_ERR_LOAD_FAILED);
  CHECK_THAT(msg, Contains(computes("corrupt") + "not-built.so"));
  CHECK_THAT(msg, Contains("does not exist"));
  reg.good_still_works("corrupt_good");
}

TEST_CASE("a load failure is remembered and reported the same way again", "[failure][corrupt]") {
  Registry reg(root("corrupt"));
  std::string first = reg.open_fails("compute", "garbage", FLOE_ERR_LOAD_FAILED);
  std::string info = [&] {
    Outcome o = reg.info("compute", "garbage");
    CHECK(o.status == FLOE_ERR_LOAD_FAILED);
    return o.message;
  }();
  std::string second = reg.open_fails("compute", "garbage", FLOE_ERR_LOAD_FAILED);
  CHECK(first == second);
  CHECK(first == info);
}

TEST_CASE("doctor loads everything and reports each corrupt library", "[failure][corrupt][doctor]") {
  Registry reg(root("corrupt"));
  json::object doctor = reg.doctor(true);
  CHECK_THAT(problem(doctor, "garbage.plugin.json", "load_failed"), Contains("garbage.so"));
  CHECK_THAT(problem(doctor, "fake_elf.plugin.json", "load_failed"), Contains("fake_elf.so"));
  CHECK_THAT(problem(doctor, "truncated.plugin.json", "load_failed"), Contains("truncated.so"));
  CHECK_THAT(problem(doctor, "missing.plugin.json", "library_missing"), Contains("not-built.so"));
  CHECK(problems_about(doctor, "corrupt_good").empty());
  reg.good_still_works("corrupt_good");
}

// ---- (b) missing init symbol -------------------------------------------------

TEST_CASE("a library without the init symbol is refused naming the symbol", "[failure][symbol]") {
  Registry reg(root("nosym"));
  std::string msg = reg.open_fails("compute", "nosym", FLOE_ERR_LOAD_FAILED);
  CHECK_THAT(msg, Contains(computes("nosym") + "nosym.so"));
  CHECK_THAT(msg, Contains("'floe_plugin_init'"));
  reg.good_still_works("nosym_good");
}

TEST_CASE("a manifest naming an entry point the library lacks is refused naming it", "[failure][symbol]") {
  Registry reg(root("nosym"));
  std::string msg = reg.open_fails("compute", "wrong_entry", FLOE_ERR_LOAD_FAILED);
  CHECK_THAT(msg, Contains(computes("nosym") + "wrong_entry.so"));
  CHECK_THAT(msg, Contains("'floe_plugin_init_v2'"));
  json::object doctor = reg.doctor(true);
  problem(doctor, "nosym.plugin.json", "missing_symbol");
  problem(doctor, "wrong_entry.plugin.json", "missing_symbol");
  reg.good_still_works("nosym_good");
}

// ---- (c, h) ABI versions -----------------------------------------------------

TEST_CASE("a plugin built for ABI major 2 is refused after init", "[failure][abi]") {
  Registry reg(root("abi"));
  std::string msg = reg.open_fails("compute", "major2", FLOE_ERR_INCOMPATIBLE_ABI);
  CHECK_THAT(msg, Contains(computes("abi") + "major2.so"));
  CHECK_THAT(msg, Contains("2.0.0"));
  CHECK_THAT(msg, Contains("up to " + host_abi()));
  reg.good_still_works("abi_good");
}

TEST_CASE("a descriptor claiming ABI major 2 is refused even when floe_plugin says 1", "[failure][abi]") {
  Registry reg(root("abi"));
  std::string msg = reg.open_fails("compute", "descriptor_major2", FLOE_ERR_INCOMPATIBLE_ABI);
  CHECK_THAT(msg, Contains(computes("abi") + "descriptor_major2.so"));
  CHECK_THAT(msg, Contains("descriptor"));
  CHECK_THAT(msg, Contains("2.0.0"));
  reg.good_still_works("abi_good");
}

TEST_CASE("a manifest claiming ABI 2.0.0 is refused before its library is loaded", "[failure][abi]") {
  Registry reg(root("abi"));
  CHECK_FALSE(listed(reg.list(), "manifest_major2"));
  std::string msg = reg.open_fails("compute", "manifest_major2", FLOE_ERR_INCOMPATIBLE_ABI);
  CHECK_THAT(msg, Contains(computes("abi") + "manifest_major2.plugin.json"));
  CHECK_THAT(msg, Contains("2.0.0"));
  json::object doctor = reg.doctor(true);
  CHECK_THAT(problem(doctor, "manifest_major2.plugin.json", "incompatible_abi"), Contains("2.0.0"));
  CHECK_FALSE(fixture_loaded("manifest_major2"));
  reg.good_still_works("abi_good");
}

TEST_CASE("a plugin built for a newer minor ABI (1.11.0 > the host's 1.10.0) is refused", "[failure][abi]") {
  Registry reg(root("abi"));
  std::string msg = reg.open_fails("compute", "newer_minor", FLOE_ERR_INCOMPATIBLE_ABI);
  CHECK_THAT(msg, Contains(computes("abi") + "newer_minor.so"));
  CHECK_THAT(msg, Contains("1.11.0"));
  CHECK_THAT(msg, Contains("up to " + host_abi()));
  reg.good_still_works("abi_good");
}

TEST_CASE("a manifest claiming a newer minor ABI is refused before loading", "[failure][abi]") {
  Registry reg(root("abi"));
  std::string msg = reg.open_fails("compute", "manifest_newer_minor", FLOE_ERR_INCOMPATIBLE_ABI);
  CHECK_THAT(msg, Contains(computes("abi") + "manifest_newer_minor.plugin.json"));
  CHECK_THAT(msg, Contains("1.11.0"));
  CHECK_FALSE(fixture_loaded("manifest_newer_minor"));
  reg.good_still_works("abi_good");
}

TEST_CASE("a plugin built for a newer ABI patch loads: patches never change the ABI", "[failure][abi]") {
  Registry reg(root("abi"));
  Handle h = reg.open_ok("compute", "patch7");
  CHECK(h.call("get_required_dbt_packages").status == FLOE_OK);
  Outcome info = reg.info("compute", "patch7");
  REQUIRE(info.status == FLOE_OK);
  CHECK(json::parse(info.response).at("abi_version") == "1.0.7");
}

TEST_CASE("a plugin that refuses the host in init is reported with its own reason", "[failure][abi]") {
  Registry reg(root("abi"));
  std::string msg = reg.open_fails("compute", "refuses_host", FLOE_ERR_INCOMPATIBLE_ABI);
  CHECK_THAT(msg, Contains(computes("abi") + "refuses_host.so"));
  CHECK_THAT(msg, Contains("needs a host with floe ABI 3.x"));
  reg.good_still_works("abi_good");
}

TEST_CASE("doctor reports every ABI problem with its kind", "[failure][abi][doctor]") {
  Registry reg(root("abi"));
  json::object doctor = reg.doctor(true);
  problem(doctor, "/major2.plugin.json", "incompatible_abi");
  problem(doctor, "descriptor_major2.plugin.json", "incompatible_abi");
  problem(doctor, "manifest_major2.plugin.json", "incompatible_abi");
  problem(doctor, "/newer_minor.plugin.json", "incompatible_abi");
  problem(doctor, "manifest_newer_minor.plugin.json", "incompatible_abi");
  problem(doctor, "refuses_host.plugin.json", "incompatible_abi");
  CHECK(problems_about(doctor, "patch7").empty());
  CHECK(problems_about(doctor, "abi_good").empty());
  CHECK_FALSE(fixture_loaded("manifest_major2"));
  CHECK_FALSE(fixture_loaded("manifest_newer_minor"));
}

// ---- (d) init and instance failures ------------------------------------------

TEST_CASE("an init that fails is reported with the plugin's message", "[failure][init]") {
  Registry reg(root("init"));
  std::string msg = reg.open_fails("compute", "init_fails", FLOE_ERR_LOAD_FAILED);
  CHECK_THAT(msg, Contains(computes("init") + "init_fails.so"));
  CHECK_THAT(msg, Contains("licence server 127.0.0.1:9 refused the connection"));
  CHECK_THAT(msg, Contains(floe_status_str(FLOE_ERR_UNAVAILABLE)));  // the plugin's own code is kept in the text
  reg.good_still_works("init_good");
}

TEST_CASE("an init that fails without a message still gets a useful one", "[failure][init]") {
  Registry reg(root("init"));
  std::string msg = reg.open_fails("compute", "init_silent", FLOE_ERR_LOAD_FAILED);
  CHECK_THAT(msg, Contains(computes("init") + "init_silent.so"));
  CHECK_THAT(msg, Contains("no reason"));
  reg.good_still_works("init_good");
}

TEST_CASE("an init that succeeds without a descriptor is refused", "[failure][init]") {
  Registry reg(root("init"));
  std::string msg = reg.open_fails("compute", "no_descriptor", FLOE_ERR_LOAD_FAILED);
  CHECK_THAT(msg, Contains(computes("init") + "no_descriptor.so"));
  CHECK_THAT(msg, Contains("descriptor"));
  reg.good_still_works("init_good");
}

TEST_CASE("instance_new failing passes the plugin's code and message through", "[failure][init]") {
  Registry reg(root("init"));
  std::string msg = reg.open_fails("compute", "instance_fails", FLOE_ERR_UNAVAILABLE);
  CHECK_THAT(msg, Contains("compute/instance_fails"));
  CHECK_THAT(msg, Contains("cannot open database /nonexistent/fixture.db"));
  // The plugin itself loaded fine: info works, and a second open fails the same way.
  CHECK(reg.info("compute", "instance_fails").status == FLOE_OK);
  reg.open_fails("compute", "instance_fails", FLOE_ERR_UNAVAILABLE);
  reg.good_still_works("init_good");
}

TEST_CASE("doctor reports init failures", "[failure][init][doctor]") {
  Registry reg(root("init"));
  json::object doctor = reg.doctor(true);
  CHECK_THAT(problem(doctor, "init_fails.plugin.json", "init_failed"), Contains("licence server"));
  problem(doctor, "init_silent.plugin.json", "init_failed");
  problem(doctor, "no_descriptor.plugin.json", "descriptor_mismatch");
  CHECK(problems_about(doctor, "instance_fails").empty());  // loads fine; only instances fail
}

// ---- (e) exceptions ----------------------------------------------------------

TEST_CASE("exceptions escaping a plugin written without the kit are caught", "[failure][throw]") {
  Registry reg(root("throwing"));
  Handle h = reg.open_ok("compute", "throw_raw");

  Outcome std_exception = h.call("generate_dbt_profile", R"({"profile_name": "p", "target": "dev"})");
  CHECK(std_exception.status == FLOE_ERR_PLUGIN_FAILED);
  CHECK_THAT(std_exception.message, Contains("compute/throw_raw.generate_dbt_profile"));
  CHECK_THAT(std_exception.message, Contains("fixture throw_raw: generate_dbt_profile exploded"));

  Outcome not_std = h.call("get_required_dbt_packages");
  CHECK(not_std.status == FLOE_ERR_PLUGIN_FAILED);
  CHECK_THAT(not_std.message, Contains("compute/throw_raw.get_required_dbt_packages"));
  CHECK_THAT(not_std.message, Contains("unknown type"));

  Outcome health = h.health();
  CHECK(health.status == FLOE_ERR_PLUGIN_FAILED);
  CHECK_THAT(health.message, Contains("health_check exploded"));

  // The instance is still usable, and still the same instance.
  Outcome first = h.call("validate_connection");
  REQUIRE(first.status == FLOE_OK);
  CHECK_THAT(first.response, Contains("call 1"));
  CHECK_THAT(h.call("validate_connection").response, Contains("call 2"));
  reg.good_still_works("throwing_good");
}

TEST_CASE("an init that throws is a load failure with the exception's text", "[failure][throw]") {
  Registry reg(root("throwing"));
  std::string msg = reg.open_fails("compute", "throw_init", FLOE_ERR_LOAD_FAILED);
  CHECK_THAT(msg, Contains(computes("throwing") + "throw_init.so"));
  CHECK_THAT(msg, Contains("fixture throw_init: init exploded"));
  reg.good_still_works("throwing_good");
}

TEST_CASE("an instance_new that throws is a plugin failure with the exception's text", "[failure][throw]") {
  Registry reg(root("throwing"));
  std::string msg = reg.open_fails("compute", "throw_instance", FLOE_ERR_PLUGIN_FAILED);
  CHECK_THAT(msg, Contains("compute/throw_instance"));
  CHECK_THAT(msg, Contains("fixture throw_instance: instance_new exploded"));
  reg.good_still_works("throwing_good");
}

TEST_CASE("the author kit turns members' exceptions into floe errors", "[failure][throw][kit]") {
  Registry reg(root("throwing"));
  Handle h = reg.open_ok("compute", "throw_kit");

  Outcome runtime = h.call("generate_dbt_profile", R"({"profile_name": "p", "target": "dev"})");
  CHECK(runtime.status == FLOE_ERR_PLUGIN_FAILED);
  CHECK_THAT(runtime.message, Contains("fixture throw_kit: generate_dbt_profile exploded"));

  Outcome typed = h.call("get_required_dbt_packages");  // floe::sdk::error keeps its code
  CHECK(typed.status == FLOE_ERR_UNAVAILABLE);
  CHECK_THAT(typed.message, Contains("fixture throw_kit: package index unreachable"));

  Outcome oom = h.call("get_resource_requirements", R"({"workload_size": "small"})");
  CHECK(oom.status == FLOE_ERR_PLUGIN_FAILED);
  CHECK_THAT(oom.message, Contains("out of memory"));

  Outcome health = h.health();  // throws an int
  CHECK(health.status == FLOE_ERR_PLUGIN_FAILED);
  CHECK_THAT(health.message, Contains("unknown type"));

  Outcome missing = h.call("get_catalog_attachment_sql", R"({"catalog": {}})");
  CHECK(missing.status == FLOE_ERR_NOT_IMPLEMENTED);
  CHECK_THAT(missing.message, Contains("get_catalog_attachment_sql"));

  // A method the category does not have is the caller's mistake, told apart
  // from anything the plugin itself could answer (NOT_FOUND, NOT_IMPLEMENTED).
  Outcome unknown = h.call("generate_dbt_profiles", "{}");
  CHECK(unknown.status == FLOE_ERR_NO_SUCH_METHOD);
  CHECK_THAT(unknown.message, Contains("no method 'generate_dbt_profiles'"));
  CHECK_THAT(unknown.message, Contains("generate_dbt_profile"));

  Outcome bad_json = h.call("validate_connection", "{not json");
  CHECK(bad_json.status == FLOE_ERR_INVALID_ARGUMENT);
  CHECK_THAT(bad_json.message, Contains("not valid JSON"));

  CHECK(h.call("validate_connection").status == FLOE_OK);
  reg.good_still_works("throwing_good");
}

TEST_CASE("the author kit turns a throwing constructor into an open error", "[failure][throw][kit]") {
  Registry reg(root("throwing"));
  std::string msg = reg.open_fails("compute", "throw_kit", FLOE_ERR_PLUGIN_FAILED, R"({"explode": true})");
  CHECK_THAT(msg, Contains("compute/throw_kit"));
  CHECK_THAT(msg, Contains("fixture throw_kit: constructor exploded"));
  Handle h = reg.open_ok("compute", "throw_kit", R"({"explode": false})");
  CHECK(h.call("validate_connection").status == FLOE_OK);
}

// ---- (f) category lies -------------------------------------------------------

TEST_CASE("a compute manifest filed under floe.catalogs is skipped, never loaded", "[failure][category]") {
  Registry reg(root("category"));
  json::object doctor = reg.doctor(true);
  std::string why = problem(doctor, "floe.catalogs/misfiled.plugin.json", "category_mismatch");
  CHECK_THAT(why, Contains("floe.catalogs"));
  CHECK_THAT(why, Contains("floe.computes"));
  CHECK_FALSE(listed(reg.list(), "misfiled"));

  // Asked for as a compute plugin: not found, and the message says why the
  // misfiled candidate was skipped.
  std::string msg = reg.open_fails("compute", "misfiled", FLOE_ERR_NOT_FOUND);
  CHECK_THAT(msg, Contains(root("category") + "/floe.catalogs/misfiled.plugin.json"));
  CHECK_THAT(msg, Contains("category_mismatch"));
  // Asked for as a catalog: not found either (it is not a catalog).
  reg.open_fails("catalog", "misfiled", FLOE_ERR_NOT_FOUND);
  CHECK_FALSE(fixture_loaded("misfiled"));
  reg.good_still_works("category_good");
}

TEST_CASE("a manifest saying compute for a library whose descriptor says catalog is a conflict",
          "[failure][category]") {
  Registry reg(root("category"));
  std::string msg = reg.open_fails("compute", "secretly_catalog", FLOE_ERR_CONFLICT);
  CHECK_THAT(msg, Contains(computes("category") + "secretly_catalog.so"));
  CHECK_THAT(msg, Contains("'compute'"));
  CHECK_THAT(msg, Contains("'catalog'"));
  json::object doctor = reg.doctor(true);
  problem(doctor, "secretly_catalog.plugin.json", "descriptor_mismatch");
  reg.good_still_works("category_good");
}

TEST_CASE("a manifest whose name differs from the descriptor's is a conflict", "[failure][category]") {
  Registry reg(root("category"));
  std::string msg = reg.open_fails("compute", "misnamed", FLOE_ERR_CONFLICT);
  CHECK_THAT(msg, Contains(computes("category") + "misnamed.plugin.json"));
  CHECK_THAT(msg, Contains("'misnamed'"));
  CHECK_THAT(msg, Contains("'othername'"));
  reg.open_fails("compute", "othername", FLOE_ERR_NOT_FOUND);
  reg.good_still_works("category_good");
}

// ---- invalid manifests -------------------------------------------------------

TEST_CASE("invalid manifests are reported one by one, with every problem of each", "[failure][manifest]") {
  Registry reg(root("manifests"));
  json::object doctor = reg.doctor(true);
  CHECK_THAT(problem(doctor, "not_json.plugin.json", "manifest_invalid"), Contains("invalid JSON"));
  std::string fields = problem(doctor, "missing_fields.plugin.json", "manifest_invalid");
  for (const char* key : {"'category'", "'version'", "'abi_version'", "'library'"}) CHECK_THAT(fields, Contains(key));
  CHECK_THAT(problem(doctor, "bad_name.plugin.json", "manifest_invalid"), Contains("'Bad Name!'"));
  CHECK_THAT(problem(doctor, "future_format.plugin.json", "manifest_invalid"), Contains("manifest_version 99"));
  CHECK_THAT(problem(doctor, "bad_abi_text.plugin.json", "manifest_invalid"), Contains("'one'"));
  // Nothing was loaded for any of them, and the library they name is not
  // reported as an orphan (the manifests do name it).
  CHECK_FALSE(fixture_loaded("manifest_lib"));
  reg.good_still_works("manifests_good");
}

TEST_CASE("a not-found message lists every root tried and every skipped candidate", "[failure][manifest]") {
  std::string missing_root = kRoots + "/does-not-exist";
  Registry reg(missing_root + ":" + root("manifests") + ":" + root("abi"));
  std::string msg = reg.open_fails("compute", "future_format", FLOE_ERR_NOT_FOUND);
  CHECK_THAT(msg, Contains(missing_root));
  CHECK_THAT(msg, Contains("does not exist"));
  CHECK_THAT(msg, Contains(root("manifests")));
  CHECK_THAT(msg, Contains(root("abi")));
  CHECK_THAT(msg, Contains("future_format.plugin.json"));
  CHECK_THAT(msg, Contains("manifest_version 99"));
}

// ---- (g) name conflicts ------------------------------------------------------

TEST_CASE("two plugins with one name in one root: a conflict naming both files", "[failure][conflict]") {
  Registry reg(root("conflict"));
  std::string msg = reg.open_fails("compute", "twin", FLOE_ERR_CONFLICT);
  CHECK_THAT(msg, Contains(computes("conflict") + "twin_a.plugin.json"));
  CHECK_THAT(msg, Contains(computes("conflict") + "twin_b.plugin.json"));
  json::object doctor = reg.doctor(true);
  CHECK_FALSE(problems_about(doctor, "twin_").empty());
  for (const auto& p : problems_about(doctor, "twin_")) CHECK(p.at("kind") == "duplicate");
  CHECK_FALSE(listed(reg.list(), "twin"));
  CHECK_FALSE(fixture_loaded("twin_a"));
  CHECK_FALSE(fixture_loaded("twin_b"));
  reg.good_still_works("conflict_good");
}

TEST_CASE("one name in two roots: the first root wins, the other is reported shadowed", "[failure][conflict]") {
  const std::string first = root("shadow_first"), second = root("shadow_second");
  {
    Registry reg(first + ":" + second);
    Handle h = reg.open_ok("compute", "shadowed");
    CHECK_THAT(h.call("generate_dbt_profile", R"({"profile_name": "p", "target": "dev"})").response,
               Contains("\"flavor\": \"shadow_first\""));
    json::object doctor = reg.doctor(true);
    std::string why = problem(doctor, "shadow_second/floe.computes/shadow_second.plugin.json", "shadowed");
    CHECK_THAT(why, Contains(first + "/floe.computes/shadow_first.plugin.json"));
    CHECK(problems_about(doctor, "shadow_first").empty());
    // The second root still provides what it alone has.
    Handle other = reg.open_ok("compute", "only_second");
    CHECK(other.call("get_required_dbt_packages").status == FLOE_OK);
  }
  {
    Registry reg(second + ":" + first);
    Handle h = reg.open_ok("compute", "shadowed");
    CHECK_THAT(h.call("generate_dbt_profile", R"({"profile_name": "p", "target": "dev"})").response,
               Contains("\"flavor\": \"shadow_second\""));
    problem(reg.doctor(false), "shadow_first/floe.computes/shadow_first.plugin.json", "shadowed");
  }
}

TEST_CASE("FLOE_PLUGIN_PATH is searched after the extra roots", "[failure][conflict]") {
  ::setenv("FLOE_PLUGIN_PATH", root("shadow_second").c_str(), 1);
  Registry reg(root("shadow_first"));
  ::unsetenv("FLOE_PLUGIN_PATH");
  Handle h = reg.open_ok("compute", "shadowed");
  CHECK_THAT(h.call("generate_dbt_profile", R"({"profile_name": "p", "target": "dev"})").response,
             Contains("\"flavor\": \"shadow_first\""));
  reg.open_ok("compute", "only_second");
}

// ---- (i) config schemas ------------------------------------------------------

TEST_CASE("a config missing a required key is refused naming the key", "[failure][config]") {
  Registry reg(root("config"));
  std::string msg = reg.open_fails("compute", "configured", FLOE_ERR_INVALID_CONFIG, "{}");
  CHECK_THAT(msg, Contains("compute/configured"));
  CHECK_THAT(msg, Contains("database"));
  CHECK_THAT(msg, Contains("required"));
  reg.good_still_works("config_good");
}

TEST_CASE("a config value of the wrong type is refused naming key and type", "[failure][config]") {
  Registry reg(root("config"));
  std::string msg =
      reg.open_fails("compute", "configured", FLOE_ERR_INVALID_CONFIG, R"({"database": "x.db", "threads": "many"})");
  CHECK_THAT(msg, Contains("threads"));
  CHECK_THAT(msg, Contains("expected integer, got string"));
}

TEST_CASE("a config value outside its enum is refused listing the allowed values", "[failure][config]") {
  Registry reg(root("config"));
  std::string msg =
      reg.open_fails("compute", "configured", FLOE_ERR_INVALID_CONFIG, R"({"database": "x.db", "mode": "turbo"})");
  CHECK_THAT(msg, Contains("mode"));
  CHECK_THAT(msg, Contains("\"turbo\""));
  CHECK_THAT(msg, Contains("\"memory\""));
  CHECK_THAT(msg, Contains("\"file\""));
}

TEST_CASE("every offending key is named at once, with structured detail", "[failure][config]") {
  Registry reg(root("config"));
  auto [outcome, handle] = reg.open("compute", "configured", R"({"threads": 0, "mode": 5, "colour": "blue"})");
  CHECK(outcome.status == FLOE_ERR_INVALID_CONFIG);
  for (const char* key : {"database", "threads", "mode", "colour"}) CHECK_THAT(outcome.message, Contains(key));
  CHECK_THAT(outcome.message, Contains("minimum"));
  CHECK_THAT(outcome.message, Contains("unknown key"));
  REQUIRE_FALSE(outcome.detail.empty());
  json::value detail = json::parse(outcome.detail);
  std::vector<std::string> keys;
  for (const auto& issue : detail.at("issues").as_array()) keys.emplace_back(issue.at("key").as_string());
  CHECK_THAT(keys, Catch::Matchers::UnorderedEquals(std::vector<std::string>{"database", "threads", "mode", "colour"}));
}

TEST_CASE("a config that is not a JSON object is refused", "[failure][config]") {
  Registry reg(root("config"));
  CHECK_THAT(reg.open_fails("compute", "configured", FLOE_ERR_INVALID_CONFIG, "[]"), Contains("JSON object"));
  CHECK_THAT(reg.open_fails("compute", "configured", FLOE_ERR_INVALID_CONFIG, "{not json"), Contains("invalid JSON"));
}

TEST_CASE("a valid config is completed with defaults before the plugin sees it", "[failure][config]") {
  Registry reg(root("config"));
  Handle h = reg.open_ok("compute", "configured", R"({"database": "/tmp/x.db"})");
  json::object config = h.config();
  CHECK(config.at("database") == "/tmp/x.db");
  CHECK(config.at("threads") == 4);
  CHECK(config.at("mode") == "memory");
  // The plugin echoes the configuration it received in instance_new.
  Outcome profile = h.call("generate_dbt_profile", R"({"profile_name": "p", "target": "dev"})");
  REQUIRE(profile.status == FLOE_OK);
  CHECK(json::parse(profile.response).at("output").at("config") == json::value(config));
}

TEST_CASE("a plugin without a schema takes only an empty config", "[failure][config]") {
  Registry reg(root("config"));
  reg.open_ok("compute", "no_schema");
  reg.open_ok("compute", "no_schema", "{}");
  CHECK_THAT(reg.open_fails("compute", "no_schema", FLOE_ERR_INVALID_CONFIG, R"({"threads": 2})"),
             Contains("no configuration"));
}

TEST_CASE("a plugin whose config schema is not JSON is refused at load", "[failure][config]") {
  Registry reg(root("config"));
  std::string msg = reg.open_fails("compute", "schema_not_json", FLOE_ERR_LOAD_FAILED);
  CHECK_THAT(msg, Contains(computes("config") + "schema_not_json.so"));
  CHECK_THAT(msg, Contains("config schema"));
  CHECK_THAT(msg, Contains("invalid JSON"));
  reg.good_still_works("config_good");
}

TEST_CASE("a plugin whose config schema is not a valid schema is refused naming each mistake", "[failure][config]") {
  Registry reg(root("config"));
  std::string msg = reg.open_fails("compute", "schema_invalid", FLOE_ERR_LOAD_FAILED);
  CHECK_THAT(msg, Contains(computes("config") + "schema_invalid.so"));
  CHECK_THAT(msg, Contains("\"int\""));
  CHECK_THAT(msg, Contains("'database'"));
  json::object doctor = reg.doctor(true);
  problem(doctor, "schema_invalid.plugin.json", "descriptor_mismatch");
  reg.good_still_works("config_good");
}

// ---- the host table ----------------------------------------------------------

TEST_CASE("plugin log lines reach the registry's sink as category/name", "[failure][host]") {
  Registry reg(root("config"));
  Handle h = reg.open_ok("compute", "good");
  REQUIRE(h.health().status == FLOE_OK);
  INFO("log: " << Catch::Detail::stringify(reg.log()));
  CHECK(logged(reg, "compute/good: fixture config_good: health check"));
}

// floe/plugin.h: the host table "stays valid for the life of the process", and
// the author kit keeps the first one it is given. So after the registry that
// loaded a kit plugin is freed, later registries must still reach the plugin
// through a live table, and its log lines must go to the registry using it.
// (A decoy registry is made in between: with a per-registry table, the
// plugin's stale pointer would land in the decoy's reused memory.)
TEST_CASE("a kit plugin keeps a working host after the registry that loaded it is freed", "[failure][host][kit]") {
  const std::string line = "fixture throw_kit: validate_connection called";
  {
    Registry first(root("throwing"));
    Handle h = first.open_ok("compute", "throw_kit");
    REQUIRE(h.call("validate_connection").status == FLOE_OK);
    INFO("log: " << Catch::Detail::stringify(first.log()));
    CHECK(logged_message(first, line));
  }
  Registry decoy(root("config"));
  Registry second(root("throwing"));
  Handle h = second.open_ok("compute", "throw_kit");
  REQUIRE(h.call("validate_connection").status == FLOE_OK);
  INFO("second: " << Catch::Detail::stringify(second.log()) << "; decoy: " << Catch::Detail::stringify(decoy.log()));
  CHECK(logged_message(second, line));
  CHECK(decoy.log().empty());
}

// ---- everything at once ------------------------------------------------------

TEST_CASE("one registry over every failure root: doctor survives them all", "[failure][doctor]") {
  std::string all;
  for (const char* r : {"corrupt", "nosym", "abi", "init", "throwing", "category", "manifests", "conflict",
                        "shadow_first", "shadow_second", "config"})
    all += (all.empty() ? "" : ":") + root(r);
  Registry reg(all);
  json::object doctor = reg.doctor(true);
  std::vector<std::string> kinds;
  for (const auto& p : doctor.at("problems").as_array()) kinds.emplace_back(p.at("kind").as_string());
  for (const char* kind : {"manifest_invalid", "category_mismatch", "duplicate", "shadowed", "load_failed",
                           "missing_symbol", "incompatible_abi", "init_failed", "descriptor_mismatch",
                           "library_missing"})
    CHECK_THAT(kinds, Catch::Matchers::VectorContains(std::string(kind)));
  // "good" is in every root: the first (corrupt) wins and the others are shadowed.
  reg.good_still_works("corrupt_good");
  CHECK(problems_about(doctor, "nosym_good.plugin.json").at(0).at("kind") == "shadowed");
}
