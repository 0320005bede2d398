// A plugin that crashes inside a method must not take the host down silently:
// the floe CLI names the plugin, its category and the method on stderr and
// exits 9 (docs/cli.md#exit-codes). Real crashing libraries (a NULL
// dereference, an abort()) run through the real CLI in a child process.
#include <catch2/catch.hpp>

#include <string>

#include "run_process.hpp"

using Catch::Matchers::Contains;
using floe::test::run_process;

namespace {

const std::string kCrashRoot = std::string(FLOE_FAILURE_ROOTS) + "/crash";

floe::test::ProcessResult call(const std::string& plugin, const std::string& method) {
  // Only the fixture root: FLOE_PLUGIN_PATH cleared so nothing else is found first.
  return run_process(floe::test::floe_executable(),
                     {"--plugin-path", kCrashRoot, "plugins", "call", "compute", plugin, method},
                     {{"FLOE_PLUGIN_PATH", ""}});
}

}  // namespace

TEST_CASE("a plugin that writes to an unmapped address is named, and floe exits 9", "[failure][crash]") {
  auto r = call("crash_segv", "validate_connection");
  CHECK(r.exit_code == 9);
  CHECK_THAT(r.err, Contains("the plugin compute/crash_segv crashed with SIGSEGV"));
  CHECK_THAT(r.err, Contains("in validate_connection"));
  CHECK(r.out.empty());
}

TEST_CASE("a plugin that aborts is named, and floe exits 9", "[failure][crash]") {
  auto r = call("crash_abort", "validate_connection");
  CHECK(r.exit_code == 9);
  CHECK_THAT(r.err, Contains("the plugin compute/crash_abort crashed with SIGABRT"));
  CHECK_THAT(r.err, Contains("in validate_connection"));
}

TEST_CASE("the crashing plugins' other methods work: the handler changes nothing else", "[failure][crash]") {
  auto r = call("crash_segv", "get_resource_requirements");
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("cpu_request"));
  CHECK(r.err.find("crashed") == std::string::npos);
}
