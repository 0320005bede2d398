// Isolated plugins (docs/abi.md#isolation): a plugin run in a helper process
// answers exactly as in-process, and when it crashes, aborts, throws or
// hangs, the host reports it (plugin, method, signal or limit) and goes on.
// Real fixture plugins, the real floe-plugin-host, the public C API only.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <thread>

#include "registry_client.hpp"
#include "run_process.hpp"

extern char** environ;

using namespace floe::failure_test;

namespace {

// The helper's pid, as the crash and timeout messages name it.
pid_t pid_in(const std::string& message) {
  std::smatch m;
  REQUIRE(std::regex_search(message, m, std::regex(R"(\(pid (\d+))")));
  return static_cast<pid_t>(std::stol(m[1]));
}

bool process_exists(pid_t pid) { return ::kill(pid, 0) == 0 || errno != ESRCH; }

// Running, as opposed to gone or a zombie nobody has reaped yet.
bool running(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto paren = stat.rfind(')');
  return paren != std::string::npos && paren + 2 < stat.size() && stat[paren + 2] != 'Z' && stat[paren + 2] != 'X';
}

// True when this process has no child left to wait for: every helper was
// stopped and reaped.
bool no_children_left() {
  int status = 0;
  return ::waitpid(-1, &status, WNOHANG) == -1 && errno == ECHILD;
}

// Sets an environment variable for the life of the object.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) { ::setenv(name, value, 1); }
  ~ScopedEnv() { ::unsetenv(name_); }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
};

std::string isolation_of(Registry& reg, const char* name) {
  Outcome info = reg.info("compute", name);
  REQUIRE(info.status == FLOE_OK);
  return std::string(json::parse(info.response).at("isolation").as_string());
}

}  // namespace

TEST_CASE("an isolated plugin that segfaults is reported with its method and signal, and the host goes on",
          "[failure][isolation]") {
  Registry reg(root("crash"), FLOE_ISOLATION_PROCESS);
  Handle h = reg.open_ok("compute", "crash_segv");
  Outcome crash = h.call("validate_connection");
  CHECK(crash.status == FLOE_ERR_PLUGIN_FAILED);
  CHECK_THAT(crash.message, Contains("compute/crash_segv.validate_connection"));
  CHECK_THAT(crash.message, Contains("crashed with SIGSEGV (invalid memory access)"));
  CHECK_THAT(crash.message, Contains("isolation: process"));
  CHECK_FALSE(process_exists(pid_in(crash.message)));  // reaped, not left as a zombie

  // The handle's process is gone: its calls fail cleanly, saying why.
  Outcome after = h.call("get_resource_requirements");
  CHECK(after.status == FLOE_ERR_PLUGIN_FAILED);
  CHECK_THAT(after.message, Contains("has ended (it crashed with SIGSEGV (invalid memory access) in validate_connection)"));
  CHECK(h.health().status == FLOE_ERR_PLUGIN_FAILED);

  // The next open starts a new process; the other plugins never noticed.
  Handle again = reg.open_ok("compute", "crash_segv");
  CHECK(again.call("get_resource_requirements").status == FLOE_OK);
  reg.good_still_works("crash_good");
}

TEST_CASE("an isolated plugin that aborts is reported with SIGABRT", "[failure][isolation]") {
  Registry reg(root("crash"), FLOE_ISOLATION_PROCESS);
  Handle h = reg.open_ok("compute", "crash_abort");
  Outcome crash = h.call("validate_connection");
  CHECK(crash.status == FLOE_ERR_PLUGIN_FAILED);
  CHECK_THAT(crash.message, Contains("compute/crash_abort.validate_connection"));
  CHECK_THAT(crash.message, Contains("crashed with SIGABRT (abort)"));
  reg.good_still_works("crash_good");
}

TEST_CASE("an isolated plugin that never returns is stopped at the call limit", "[failure][isolation]") {
  Registry reg(root("crash"), FLOE_ISOLATION_PROCESS, 500);
  Handle h = reg.open_ok("compute", "crash_loop");
  Outcome hang = h.call("validate_connection");
  CHECK(hang.status == FLOE_ERR_TIMEOUT);
  CHECK_THAT(hang.message, Contains("compute/crash_loop.validate_connection: no answer within 500 ms"));
  CHECK_THAT(hang.message, Contains("FLOE_PLUGIN_CALL_TIMEOUT_MS"));
  CHECK_FALSE(process_exists(pid_in(hang.message)));
  Outcome after = h.call("get_dbt_macro_paths");
  CHECK(after.status == FLOE_ERR_PLUGIN_FAILED);
  CHECK_THAT(after.message, Contains("stopped after no answer within 500 ms in validate_connection"));
  reg.good_still_works("crash_good");
}

TEST_CASE("a manifest's call_timeout_ms limits its isolated calls", "[failure][isolation]") {
  Registry reg(root("isolation"));
  Handle h = reg.open_ok("compute", "slow");
  Outcome hang = h.call("validate_connection");
  CHECK(hang.status == FLOE_ERR_TIMEOUT);
  CHECK_THAT(hang.message, Contains("no answer within 300 ms"));
}

TEST_CASE("an exception thrown in an isolated plugin reads as in-process", "[failure][isolation]") {
  Registry in_process(root("throwing"), FLOE_ISOLATION_IN_PROCESS);
  Registry isolated(root("throwing"), FLOE_ISOLATION_PROCESS);
  Handle a = in_process.open_ok("compute", "throw_raw");
  Handle b = isolated.open_ok("compute", "throw_raw");
  Outcome thrown_here = a.call("generate_dbt_profile", kProfileRequest);
  Outcome thrown_there = b.call("generate_dbt_profile", kProfileRequest);
  CHECK(thrown_there.status == FLOE_ERR_PLUGIN_FAILED);
  CHECK(thrown_there.status == thrown_here.status);
  CHECK(thrown_there.message == thrown_here.message);
  // A throw is no crash: the process still serves the handle.
  CHECK(b.call("get_required_dbt_packages").message == a.call("get_required_dbt_packages").message);
  CHECK(b.call("validate_connection").response == a.call("validate_connection").response);
  CHECK(isolated.open_fails("compute", "throw_init", FLOE_ERR_LOAD_FAILED) ==
        in_process.open_fails("compute", "throw_init", FLOE_ERR_LOAD_FAILED));
  CHECK(isolated.open_fails("compute", "throw_instance", FLOE_ERR_PLUGIN_FAILED) ==
        in_process.open_fails("compute", "throw_instance", FLOE_ERR_PLUGIN_FAILED));
}

TEST_CASE("in-process and isolated give the same answers, errors, defaults and log lines", "[failure][isolation]") {
  Registry in_process(root("config"), FLOE_ISOLATION_IN_PROCESS);
  Registry isolated(root("config"), FLOE_ISOLATION_PROCESS);
  CHECK(isolation_of(in_process, "configured") == "in-process");
  CHECK(isolation_of(isolated, "configured") == "process");

  // What the host checks (the schema) and what only the plugin sees.
  for (const char* config : {R"({"threads": 0})", "[]", R"({"database": ""})"})
    CHECK(isolated.open_fails("compute", "configured", FLOE_ERR_INVALID_CONFIG, config) ==
          in_process.open_fails("compute", "configured", FLOE_ERR_INVALID_CONFIG, config));
  CHECK(isolated.open_fails("compute", "schema_invalid", FLOE_ERR_LOAD_FAILED) ==
        in_process.open_fails("compute", "schema_invalid", FLOE_ERR_LOAD_FAILED));

  Handle a = in_process.open_ok("compute", "configured", R"({"database": "x.db"})");
  Handle b = isolated.open_ok("compute", "configured", R"({"database": "x.db"})");
  CHECK(a.config() == b.config());
  for (const char* method : {"generate_dbt_profile", "get_required_dbt_packages", "validate_connection",
                             "get_resource_requirements", "get_catalog_attachment_sql", "get_dbt_macro_paths"}) {
    for (const char* request : {kProfileRequest, "not json", "[1]"}) {
      INFO(method << " " << request);
      Outcome here = a.call(method, request);
      Outcome there = b.call(method, request);
      CHECK(there.status == here.status);
      CHECK(there.response == here.response);
      CHECK(there.message == here.message);
    }
  }
  CHECK(b.call("no_such_method").status == FLOE_ERR_NO_SUCH_METHOD);
  Outcome health_here = a.health(), health_there = b.health();
  REQUIRE(health_there.status == FLOE_OK);
  CHECK(health_there.response == health_here.response);
  // The plugin's log line reached the isolated registry's sink, labelled as in-process.
  CHECK(logged(isolated, "compute/configured: fixture configured: health check"));
  CHECK(in_process.log() == isolated.log());
}

TEST_CASE("an isolated plugin reads host settings and secrets through the host", "[failure][isolation]") {
  ScopedEnv secret("FLOE_FIXTURE_SECRET", "s3cr3t-value");
  Registry in_process(root("isolation"), FLOE_ISOLATION_IN_PROCESS);
  Registry isolated(root("isolation"), FLOE_ISOLATION_PROCESS);
  Outcome here = in_process.open_ok("compute", "hostcalls").health();
  Outcome there = isolated.open_ok("compute", "hostcalls").health();
  REQUIRE(there.status == FLOE_OK);
  auto details = json::parse(there.response).at("details");
  CHECK(details.at("floe_version") == floe_version_string());
  CHECK(details.at("secret_length") == 12);
  CHECK(there.response == here.response);
}

TEST_CASE("where a plugin runs: its manifest, FLOE_PLUGIN_ISOLATION, then the registry option",
          "[failure][isolation]") {
  {
    Registry reg(root("isolation"));
    CHECK(isolation_of(reg, "declared") == "process");
    CHECK(isolation_of(reg, "good") == "in-process");
  }
  {
    ScopedEnv env("FLOE_PLUGIN_ISOLATION", "process");
    Registry reg(root("isolation"));
    CHECK(isolation_of(reg, "good") == "process");
    Registry forced(root("isolation"), FLOE_ISOLATION_IN_PROCESS);
    CHECK(isolation_of(forced, "declared") == "in-process");
  }
  {
    ScopedEnv env("FLOE_PLUGIN_ISOLATION", "in-process");
    Registry reg(root("isolation"));
    CHECK(isolation_of(reg, "declared") == "in-process");
  }
  {
    ScopedEnv env("FLOE_PLUGIN_ISOLATION", "proces");
    Registry reg(root("isolation"));
    std::string why = reg.open_fails("compute", "good", FLOE_ERR_INVALID_ARGUMENT);
    CHECK_THAT(why, Contains("FLOE_PLUGIN_ISOLATION='proces' is not understood"));
    CHECK(problem(reg.doctor(false), "", "invalid_setting") == why);
  }
  {
    ScopedEnv env("FLOE_PLUGIN_CALL_TIMEOUT_MS", "soon");
    Registry reg(root("isolation"));
    CHECK_THAT(reg.open_fails("compute", "good", FLOE_ERR_INVALID_ARGUMENT),
               Contains("FLOE_PLUGIN_CALL_TIMEOUT_MS='soon' is not a number of milliseconds"));
  }
}

TEST_CASE("registry options out of range are refused", "[failure][isolation]") {
  floe_registry_options options = FLOE_REGISTRY_OPTIONS_INIT;
  options.isolation = 7;
  floe_registry* reg = nullptr;
  floe_error err = FLOE_ERROR_INIT;
  CHECK(floe_registry_new(&reg, &options, &err) == FLOE_ERR_INVALID_ARGUMENT);
  CHECK_THAT(std::string(err.message), Contains("options.isolation is 7"));
  floe_error_release(&err);
  CHECK(reg == nullptr);
}

TEST_CASE("freeing a registry stops its helper processes", "[failure][isolation]") {
  REQUIRE(no_children_left());
  {
    Registry reg(root("crash"), FLOE_ISOLATION_PROCESS);
    Handle good = reg.open_ok("compute", "good");
    Handle other = reg.open_ok("compute", "crash_abort");
    REQUIRE(good.call("get_dbt_macro_paths").status == FLOE_OK);
    CHECK_FALSE(no_children_left());
  }
  CHECK(no_children_left());
}

// ---- through the floe CLI ------------------------------------------------------

namespace {

floe::test::ProcessResult floe_isolated(const std::vector<std::string>& args,
                                        std::map<std::string, std::string> env = {}) {
  std::vector<std::string> all{"--plugin-path", root("crash")};
  all.insert(all.end(), args.begin(), args.end());
  env["FLOE_PLUGIN_PATH"] = "";
  env["FLOE_PLUGIN_ISOLATION"] = "process";
  return floe::test::run_process(floe::test::floe_executable(), all, env);
}

// The processes whose parent is `pid` (from /proc/N/stat).
std::vector<pid_t> children_of(pid_t pid) {
  std::vector<pid_t> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;  // not a process
    std::ifstream in(entry.path() / "stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto paren = stat.rfind(')');
    if (paren == std::string::npos) continue;
    std::istringstream fields(stat.substr(paren + 2));
    char state = 0;
    long parent = 0;
    fields >> state >> parent;
    if (parent == pid) out.push_back(static_cast<pid_t>(std::stol(name)));
  }
  return out;
}

}  // namespace

TEST_CASE("floe plugins call works isolated and gives the in-process answer", "[failure][isolation][cli]") {
  std::vector<std::string> call{"plugins", "call", "compute", "good", "generate_dbt_profile", "--request",
                                kProfileRequest, "--json"};
  auto isolated = floe_isolated(call);
  auto in_process = floe_isolated(call, {{"FLOE_PLUGIN_ISOLATION", ""}});
  INFO(isolated.err);
  CHECK(isolated.exit_code == 0);
  CHECK(isolated.out == in_process.out);
  CHECK(json::parse(isolated.out).at("output").at("flavor") == "crash_good");
}

TEST_CASE("an isolated crash under the CLI is an error (exit 5), not the end of floe (exit 9)",
          "[failure][isolation][cli]") {
  auto r = floe_isolated({"plugins", "call", "compute", "crash_segv", "validate_connection"});
  CHECK(r.exit_code == 5);
  CHECK_THAT(r.err, Contains("compute/crash_segv.validate_connection: the plugin crashed with SIGSEGV"));
  CHECK(r.out.empty());
  auto hang = floe_isolated({"plugins", "call", "compute", "crash_loop", "validate_connection"},
                            {{"FLOE_PLUGIN_CALL_TIMEOUT_MS", "500"}});
  CHECK(hang.exit_code == 6);  // FLOE_ERR_TIMEOUT
  CHECK_THAT(hang.err, Contains("compute/crash_loop.validate_connection: no answer within 500 ms"));
}

// The lifeline (and the parent-death signal): a helper busy in an endless
// call ends when floe is killed, though nobody stops it.
TEST_CASE("a helper process never outlives floe", "[failure][isolation][cli]") {
  std::vector<std::string> args{
      floe::test::floe_executable(), "--plugin-path", root("crash"), "plugins", "call", "compute", "crash_loop",
      "validate_connection"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  ::setenv("FLOE_PLUGIN_ISOLATION", "process", 1);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t floe_pid = 0;
  REQUIRE(::posix_spawn(&floe_pid, floe::test::floe_executable().c_str(), &actions, nullptr, argv.data(), environ) ==
          0);
  posix_spawn_file_actions_destroy(&actions);
  ::unsetenv("FLOE_PLUGIN_ISOLATION");

  // Wait (bounded) for floe to start its helper, then kill floe outright.
  std::vector<pid_t> helpers;
  for (int i = 0; i < 1000 && helpers.empty(); ++i) {
    helpers = children_of(floe_pid);
    if (helpers.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  REQUIRE(helpers.size() == 1);
  ::kill(floe_pid, SIGKILL);
  int status = 0;
  ::waitpid(floe_pid, &status, 0);
  bool gone = false;
  for (int i = 0; i < 1000 && !gone; ++i) {
    gone = !running(helpers[0]);
    if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(gone);
}
