// dbt-core's session (plugins/dbt-core/src/dbt_session.hpp): one real dbt
// process (the project virtualenv's dbt-core and dbt-duckdb) serves all of
// a plugin instance's invocations, each with its own directory and
// environment; dbt's log file is written; the DuckDB file is free between two of them; a session that
// died is replaced; `session: false` and a dbt without dbtRunner run the
// dbt command itself.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "registry_instance.hpp"
#include "run_process.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
namespace json = boost::json;
using floe::test::read_file;
using floe::test::RegistryInstance;
using floe::test::TempDir;
using floe::test::write_file;

namespace {

std::string venv_dbt() { return (fs::path(floe::test::venv_python()).parent_path() / "dbt").string(); }

// A dbt project whose model and show read a variable of the invocation's
// environment, on a DuckDB file of its own.
struct Project {
  TempDir dir;
  Project() {
    write_file(dir.path() / "dbt_project.yml",
               "name: session_probe\nversion: '1.0'\nconfig-version: 2\nprofile: session_probe\n");
    write_file(dir.path() / "models/marked.sql",
               "{{ config(materialized='table') }}\nselect '{{ env_var(\"FLOE_SESSION_MARK\") }}' as mark\n");
    write_file(dir.path() / "profiles/profiles.yml",
               "session_probe:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: " +
                   (dir.path() / "probe.duckdb").string() + "\n      threads: 1\n");
  }
  json::object request(const std::string& mark) const {
    return {{"project_dir", dir.str()},
            {"profiles_dir", (dir.path() / "profiles").string()},
            {"target", "dev"},
            {"env", json::object{{"FLOE_SESSION_MARK", mark}}}};
  }
};

json::object call(const RegistryInstance& dbt, const std::string& method, const json::object& request) {
  auto outcome = dbt.call(method, json::serialize(request));
  INFO(outcome.body);
  REQUIRE(outcome.status == FLOE_OK);
  return json::parse(outcome.body).as_object();
}

pid_t parent_of(const fs::path& proc_entry, char& state) {
  std::string stat = read_file(proc_entry / "stat");
  std::size_t close = stat.rfind(')');
  int parent = 0;
  state = 0;
  if (close == std::string::npos || std::sscanf(stat.c_str() + close + 1, " %c %d", &state, &parent) != 2) return 0;
  return static_cast<pid_t>(parent);
}

// The dbt sessions this test process started (running dbt_session.py, below
// it directly or through a plugin helper process), by pid.
std::vector<pid_t> sessions() {
  std::vector<pid_t> out;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    if (read_file(entry.path() / "cmdline").find("dbt_session.py") == std::string::npos) continue;
    char state = 0;
    pid_t up = parent_of(entry.path(), state);
    if (state == 'Z') continue;
    for (int depth = 0; depth < 4 && up > 1 && up != ::getpid(); ++depth) {
      char ignored = 0;
      up = parent_of(fs::path("/proc") / std::to_string(up), ignored);
    }
    if (up == ::getpid()) out.push_back(static_cast<pid_t>(std::stoi(name)));
  }
  return out;
}

std::string show_mark(const RegistryInstance& dbt, const Project& project, const std::string& mark) {
  json::object request = project.request(mark);
  request["inline"] = "select mark, '{{ env_var(\"FLOE_SESSION_MARK\") }}' as now from {{ ref('marked') }}";
  json::object shown = call(dbt, "show", request);
  REQUIRE(shown.at("success") == true);
  const auto& row = shown.at("rows").as_array().at(0).as_object();
  return std::string(row.at("mark").as_string()) + "/" + std::string(row.at("now").as_string());
}

std::string config(bool session) {
  return json::serialize(json::object{{"executable", venv_dbt()}, {"session", session}});
}

}  // namespace

TEST_CASE("dbt-core runs an instance's invocations in one dbt process, each with its own environment",
          "[dbt-core][session]") {
  Project project;
  {
    RegistryInstance dbt("dbt", "core", config(true));
    json::object built = call(dbt, "run_models", project.request("first"));
    REQUIRE(built.at("success") == true);
    CHECK(built.at("models_run") == 1);
    std::vector<pid_t> started = sessions();
    REQUIRE(started.size() == 1);
    // dbt's own log file is written as the dbt command writes it (debug
    // level), although the session turns dbt's stdout log off.
    std::string dbt_log = read_file(project.dir.path() / "logs" / "dbt.log");
    CHECK(dbt_log.find("Running with dbt=") != std::string::npos);
    CHECK(dbt_log.find("[debug]") != std::string::npos);
    // The table is the first invocation's; each query sees its own variable.
    CHECK(show_mark(dbt, project, "second") == "first/second");
    CHECK(show_mark(dbt, project, "third") == "first/third");
    CHECK(sessions() == started);

    // Between two invocations the database is free for another process.
    auto writer = floe::test::run_process(
        floe::test::venv_python(),
        {"-c", "import duckdb, sys; c = duckdb.connect(sys.argv[1]); c.execute('create table other as select 1 as x')",
         (project.dir.path() / "probe.duckdb").string()});
    INFO(writer.err);
    CHECK(writer.exit_code == 0);

    // A failing invocation is dbt's answer, not the session's end.
    json::object broken = project.request("x");
    broken["inline"] = "select * from no_such_table";
    json::object failed = call(dbt, "show", broken);
    CHECK(failed.at("success") == false);
    CHECK(failed.at("exit_code") != 0);
    CHECK(std::string(failed.at("error").as_string()).find("no_such_table") != std::string::npos);
    CHECK(sessions() == started);

    // A session that died between two invocations is replaced.
    ::kill(started.front(), SIGKILL);
    auto dead = [&] {
      char state = 0;
      return !fs::exists(fs::path("/proc") / std::to_string(started.front())) ||
             (parent_of(fs::path("/proc") / std::to_string(started.front()), state), state == 'Z');
    };
    for (int i = 0; i < 250 && !dead(); ++i) ::usleep(20000);
    REQUIRE(dead());
    CHECK(show_mark(dbt, project, "fourth") == "first/fourth");
    std::vector<pid_t> replaced = sessions();
    REQUIRE(replaced.size() == 1);
    CHECK(replaced != started);
  }
  // The instance closed: its session ended with it.
  CHECK(sessions().empty());
}

TEST_CASE("with session false, or a dbt that has no dbtRunner, every invocation is a dbt command of its own",
          "[dbt-core][session]") {
  Project project;
  SECTION("session: false") {
    RegistryInstance dbt("dbt", "core", config(false));
    REQUIRE(call(dbt, "run_models", project.request("plain")).at("success") == true);
    CHECK(sessions().empty());
    CHECK(show_mark(dbt, project, "again") == "plain/again");
  }
  SECTION("a Python dbt whose interpreter cannot import dbtRunner") {
    // A stand-in dbt on the system Python (no dbt-core there): the session
    // cannot start, so the command itself runs and its output is judged.
    fs::path fake = project.dir.path() / "bin/dbt";
    write_file(fake, "#!/usr/bin/python3\nimport sys\nprint('not dbt at all')\nsys.exit(3)\n");
    fs::permissions(fake, fs::perms::owner_all);
    RegistryInstance dbt("dbt", "core", json::serialize(json::object{{"executable", fake.string()}}));
    auto outcome = dbt.call("run_models", json::serialize(project.request("x")));
    CHECK(outcome.status == FLOE_ERR_NOT_FOUND);
    CHECK(outcome.body.find("did not behave like dbt") != std::string::npos);
    CHECK(outcome.body.find("exit status 3") != std::string::npos);
    CHECK(sessions().empty());
  }
}
