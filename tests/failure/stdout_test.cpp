// A plugin that prints to stdout (printf, puts, write(2) on fd 1) must never
// corrupt floe's results: the CLI keeps stdout for itself and points fd 1 at
// stderr (docs/abi.md#plugins-and-stdout); an isolated plugin's stdout is its
// helper's stderr. The fixture "chatty" prints in init and in
// generate_dbt_profile, including a line that is not JSON.
#include <string>

#include "registry_client.hpp"
#include "run_process.hpp"

using namespace floe::failure_test;
using floe::test::run_process;

namespace {

floe::test::ProcessResult floe_cli(std::vector<std::string> args, const std::string& isolation) {
  args.insert(args.begin(), {"--plugin-path", root("stdout")});
  return run_process(floe::test::floe_executable(), args,
                     {{"FLOE_PLUGIN_PATH", ""}, {"FLOE_PLUGIN_ISOLATION", isolation}});
}

// Everything the plugin printed went to stderr, the buffered rest included.
void printed_on_stderr(const std::string& err) {
  CHECK_THAT(err, Contains("fixture chatty: printf in init"));
  CHECK_THAT(err, Contains("fixture chatty: puts, then fflush(stdout)"));
  CHECK_THAT(err, Contains("fixture chatty: write(2) on fd 1"));
}

}  // namespace

TEST_CASE("a plugin printing to stdout leaves `floe plugins call --json` one valid document", "[failure][stdout]") {
  for (const std::string isolation : {"in-process", "process"}) {
    INFO("isolation: " << isolation);
    auto r = floe_cli({"plugins", "call", "compute", "chatty", "generate_dbt_profile", "--request", kProfileRequest,
                       "--json"},
                      isolation);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    json::value doc = json::parse(r.out);
    CHECK(doc.at("output").at("flavor") == "chatty");
    CHECK(r.out.find("fixture chatty") == std::string::npos);
    printed_on_stderr(r.err);
    CHECK_THAT(r.err, Contains("fixture chatty: printf in generate_dbt_profile"));
    // Both unterminated printfs (init's, the call's), the last one flushed only at exit.
    size_t unterminated = 0;
    for (size_t at = r.err.find("{ not JSON"); at != std::string::npos; at = r.err.find("{ not JSON", at + 1))
      ++unterminated;
    CHECK(unterminated == 2);
  }
}

TEST_CASE("a plugin printing in init leaves `floe plugins info --json` and doctor --load valid", "[failure][stdout]") {
  for (const std::string isolation : {"in-process", "process"}) {
    INFO("isolation: " << isolation);
    auto info = floe_cli({"plugins", "info", "compute", "chatty", "--json"}, isolation);
    INFO(info.err);
    REQUIRE(info.exit_code == 0);
    CHECK(json::parse(info.out).at("isolation") == isolation.c_str());
    printed_on_stderr(info.err);
    auto doctor = floe_cli({"plugins", "doctor", "--load", "--json"}, isolation);
    REQUIRE(doctor.exit_code == 0);
    CHECK(json::parse(doctor.out).at("problems").as_array().empty());
  }
}

TEST_CASE("floe plugins manifest prints one valid manifest although the plugin prints in init", "[failure][stdout]") {
  auto r =
      run_process(floe::test::floe_executable(), {"plugins", "manifest", root("stdout") + "/floe.computes/chatty.so"});
  REQUIRE(r.exit_code == 0);
  CHECK(json::parse(r.out).at("name") == "chatty");
  printed_on_stderr(r.err);
}

TEST_CASE("help and version still go to stdout", "[failure][stdout]") {
  auto version = run_process(floe::test::floe_executable(), {"--version"});
  CHECK(version.exit_code == 0);
  CHECK_THAT(version.out, Contains("floe "));
  CHECK(version.err.empty());
  auto help = run_process(floe::test::floe_executable(), {"plugins", "call", "--help"});
  CHECK(help.exit_code == 0);
  CHECK_THAT(help.out, Contains("--request"));
}
