// `floe plugins doctor --load` (floe_registry_doctor with load_all) loads
// each plugin in a helper process of its own: one that crashes or hangs in
// init is reported as that plugin's problem, with the signal or the limit,
// and the report of the others still appears.
#include <string>

#include "registry_client.hpp"
#include "run_process.hpp"

using namespace floe::failure_test;
using floe::test::run_process;

namespace {


}  // namespace

TEST_CASE("doctor --load reports a plugin that crashes in init and one that hangs, and the rest",
          "[failure][doctor][isolation]") {
  Registry reg(root("doctor"), FLOE_ISOLATION_MANIFEST, 1000);
  json::object doctor = reg.doctor(true);
  std::string segv = problem(doctor, "init_segv.plugin.json", "crashed");
  CHECK_THAT(segv, Contains("compute/init_segv.init: the plugin crashed with SIGSEGV"));
  std::string loop = problem(doctor, "init_loop.plugin.json", "timeout");
  CHECK_THAT(loop, Contains("compute/init_loop.init: no answer within 1000 ms"));
  CHECK_THAT(problem(doctor, "init_refuses.plugin.json", "init_failed"), Contains("licence server"));
  CHECK(problems_about(doctor, "doctor_good").empty());
  CHECK(listed(doctor, "good"));
  CHECK(listed(doctor, "init_segv"));
  // Nothing of theirs ran in this process; the good plugin still works here.
  CHECK_FALSE(fixture_loaded("init_segv"));
  CHECK_FALSE(fixture_loaded("init_loop"));
  reg.good_still_works("doctor_good");
}

TEST_CASE("floe plugins doctor --load --json survives crashing plugins and exits 5", "[failure][doctor][cli]") {
  auto r = run_process(floe::test::floe_executable(),
                       {"--plugin-path", root("doctor"), "plugins", "doctor", "--load", "--json"},
                       {{"FLOE_PLUGIN_PATH", ""}, {"FLOE_PLUGIN_CALL_TIMEOUT_MS", "1000"}});
  CHECK(r.exit_code == 5);
  INFO(r.err);
  json::object doc = json::parse(r.out).as_object();
  problem(doc, "init_segv.plugin.json", "crashed");
  problem(doc, "init_loop.plugin.json", "timeout");
  CHECK(problems_about(doc, "doctor_good").empty());
  CHECK(listed(doc, "good"));

  auto text =
      run_process(floe::test::floe_executable(), {"--plugin-path", root("doctor"), "plugins", "doctor", "--load"},
                  {{"FLOE_PLUGIN_PATH", ""}, {"FLOE_PLUGIN_CALL_TIMEOUT_MS", "1000"}});
  CHECK(text.exit_code == 5);
  CHECK_THAT(text.out, Contains("[crashed] compute/init_segv.init: the plugin crashed with SIGSEGV"));
  CHECK_THAT(text.out, Contains("[timeout] compute/init_loop.init: no answer within 1000 ms"));
  CHECK_THAT(text.out, Contains("compute/good 0.1.0"));
}
