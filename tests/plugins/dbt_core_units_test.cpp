// The dbt-core plugin's units: dbt's JSON log turned into node events (on a
// log dbt 1.11 wrote, tests/fixtures/dbt-logs), run_results.json read only
// for its own invocation, and the dbt lookup order. (The child process the
// plugin runs dbt in is tested in tests/ingestion/child_process_test.cpp.)
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <fstream>

#include <sys/stat.h>

#include "base/child_process.hpp"
#include "dbt_locator.hpp"
#include "dbt_target.hpp"
#include "dbt_log_events.hpp"
#include "dbt_messages.hpp"
#include "dbt_request.hpp"
#include "floe/plugin.hpp"
#include "run_results.hpp"
#include "temp_dir.hpp"

using namespace floe::dbt_core;
using namespace floe::dbt_common;
using floe::test::TempDir;
using floe::test::write_file;
namespace json = boost::json;

TEST_CASE("dbt's JSON log becomes node_started and node_finished events", "[dbt-core]") {
  DbtLogReader reader;
  std::vector<json::object> events;
  std::ifstream log(std::string(FLOE_TEST_SOURCE_DIR) + "/tests/fixtures/dbt-logs/build-two-models.jsonl");
  for (std::string line; std::getline(log, line);)
    for (auto& e : reader.read_line(line)) events.push_back(std::move(e));
  CHECK(reader.dbt_version() == "1.11.16");
  CHECK(reader.adapter() == "duckdb");
  CHECK(reader.adapter_version() == "1.11.1");
  CHECK_FALSE(reader.invocation_id().empty());
  REQUIRE(events.size() == 4);
  CHECK(events[0].at("type") == "node_started");
  CHECK(events[0].at("unique_id") == "model.floe_mini.numbers");
  CHECK(events[0].at("materialized") == "view");
  CHECK(events[1].at("type") == "node_finished");
  CHECK(events[1].at("status") == "success");
  CHECK(events[1].at("execution_time").as_double() > 0);
  CHECK(events[1].at("relation") == "\"x\".\"main\".\"numbers\"");
  // dbt colours "OK" even in JSON messages; events carry plain text.
  CHECK(std::string(events[1].at("message").as_string()).find('\x1b') == std::string::npos);
  CHECK(events[3].at("unique_id") == "model.floe_mini.number_stats");
}

TEST_CASE("a node's result is reported once, and stray lines become warnings", "[dbt-core]") {
  DbtLogReader reader;
  std::string finished =
      R"({"info": {"name": "LogModelResult", "level": "error", "msg": "1 of 1 ERROR creating model", "invocation_id": "i"},)"
      R"( "data": {"execution_time": 0.5, "node_info": {"unique_id": "model.p.m", "node_name": "m", "resource_type": "model",)"
      R"( "node_status": "error", "node_started_at": "a", "node_finished_at": "b"}}})";
  auto first = reader.read_line(finished);
  REQUIRE(first.size() == 2);  // the node's result, and the error line as a log event
  CHECK(first[0].at("status") == "error");
  CHECK(first[1].at("type") == "log");
  CHECK(first[1].at("level") == "error");
  CHECK(reader.read_line(finished).size() == 1);  // no second node_finished for the same node
  CHECK(reader.errors().size() == 2);
  auto stray = reader.read_line("Traceback (most recent call last):");
  REQUIRE(stray.size() == 1);
  CHECK(stray[0].at("level") == "warning");
  CHECK(reader.read_line("   ").empty());
}

TEST_CASE("a show request becomes dbt show --inline with JSON output, and its rows come from the ShowNode event",
          "[dbt-core]") {
  json::object request{{"project_dir", "/p"}, {"profiles_dir", "/p/target"}, {"target", "dev"},
                       {"inline", "select count(*) as n from {{ ref('m') }}"}, {"limit", 5}};
  DbtCall call = parse_dbt_call(Method::show, request);
  auto args = dbt_cli_arguments(call, {"--no-use-colors"});
  std::vector<std::string> expected{"show", "--project-dir", "/p", "--profiles-dir", "/p/target", "--target", "dev",
                                    "--log-format", "json", "--no-use-colors", "--inline",
                                    "select count(*) as n from {{ ref('m') }}", "--output", "json", "--limit", "5"};
  CHECK(args == expected);
  CHECK(parse_dbt_call(Method::show, json::object{{"project_dir", "/p"}, {"profiles_dir", "/p"}, {"target", "dev"},
                                                  {"inline", "select 1"}})
            .limit == 1000);
  auto refused = [&](json::object r) {
    try {
      parse_dbt_call(Method::show, r);
    } catch (const floe::sdk::error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  json::object base{{"project_dir", "/p"}, {"profiles_dir", "/p"}, {"target", "dev"}};
  json::object blank = base, no_limit = base, macro = base;
  blank["inline"] = "  \n";
  no_limit["inline"] = "select 1";
  no_limit["limit"] = 0;
  macro["inline"] = "select 1";
  macro["macro"] = "m";
  CHECK(refused(blank).find("only blanks") != std::string::npos);
  CHECK(refused(no_limit).find("between 1 and 10000") != std::string::npos);
  CHECK(refused(macro).find("unknown key 'macro'") != std::string::npos);
  CHECK(refused(base).find("inline") != std::string::npos);

  // The event dbt 1.11 logs for `dbt show --output json`.
  DbtLogReader reader;
  reader.read_line(
      R"({"info": {"name": "ShowNode", "level": "info", "msg": "", "invocation_id": "i"}, "data": {"is_inline": true,)"
      R"( "node_name": "inline_query", "output_format": "json", "preview": "[{\"check_id\": \"a\", \"v\": 1.0}]",)"
      R"( "quiet": false, "unique_id": "sql_operation.p.inline_query"}})");
  CHECK(reader.show_rows() == R"([{"check_id": "a", "v": 1.0}])");
}

TEST_CASE("run_results.json is read only when it is this invocation's", "[dbt-core]") {
  TempDir tmp;
  auto path = tmp.path() / "run_results.json";
  write_file(path, R"({"metadata": {"invocation_id": "abc"}, "elapsed_time": 2.5, "results": [
    {"unique_id": "model.p.a", "status": "success", "execution_time": 1.0, "message": "OK",
     "adapter_response": {"rows_affected": 7}},
    {"unique_id": "model.p.b", "status": "error", "execution_time": 0.2, "message": "Binder Error"},
    {"unique_id": "test.p.not_null_a_id", "status": "fail", "execution_time": 0.1, "message": "Got 1 result"},
    {"unique_id": "model.p.c", "status": "skipped", "execution_time": 0, "message": null}]})");
  std::string why;
  auto summary = read_run_results(path.string(), "abc", why);
  REQUIRE(summary);
  CHECK(summary->models_run == 2);
  CHECK(summary->tests_run == 1);
  CHECK(summary->failures == 2);
  CHECK(summary->nodes.size() == 4);
  CHECK(summary->nodes[0].at("rows_affected") == 7);
  CHECK(summary->nodes[2].at("resource_type") == "test");
  CHECK_FALSE(read_run_results(path.string(), "another-run", why));
  CHECK(why.find("another dbt invocation") != std::string::npos);
  CHECK_FALSE(read_run_results((tmp.path() / "absent.json").string(), "abc", why));
}

TEST_CASE("dbt's files are read as inputs: a FIFO in their place is refused at once, not waited on", "[dbt-core]") {
  // std::ifstream on a FIFO blocks until a writer opens it: a run would hang
  // on a project whose target/run_results.json or dbt_project.yml is one.
  TempDir tmp;
  auto fifo = tmp.path() / "run_results.json";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  std::string why;
  CHECK_FALSE(floe::dbt_common::read_run_results(fifo.string(), "abc", why));
  CHECK(why.find("not a regular file") != std::string::npos);
  REQUIRE(::mkfifo((tmp.path() / "dbt_project.yml").c_str(), 0600) == 0);
  CHECK(floe::dbt_common::dbt_target_dir(tmp.path().string()) == tmp.path().string() + "/target");
  write_file(tmp.path() / "sub" / "dbt_project.yml", "name: p\ntarget-path: \"out/t\"  # here\n");
  CHECK(floe::dbt_common::dbt_target_dir((tmp.path() / "sub").string()) == (tmp.path() / "sub").string() + "/out/t");
}

TEST_CASE("dbt is looked up in the configured path, the virtualenv, the project, then PATH", "[dbt-core]") {
  TempDir tmp;
  auto make_exe = [](const std::filesystem::path& p) {
    write_file(p, "#!/bin/sh\n");
    std::filesystem::permissions(p, std::filesystem::perms::owner_all);
  };
  std::string project = (tmp.path() / "project").string();
  std::string venv = (tmp.path() / "venv").string();
  make_exe(tmp.path() / "project" / ".venv" / "bin" / "dbt");
  // No active virtualenv: the project's own.
  CHECK(locate_dbt("", "", project).path == project + "/.venv/bin/dbt");
  // An active virtualenv without dbt is passed over; one with dbt wins.
  CHECK(locate_dbt("", venv, project).path == project + "/.venv/bin/dbt");
  make_exe(tmp.path() / "venv" / "bin" / "dbt");
  auto active = locate_dbt("", venv, project);
  CHECK(active.path == venv + "/bin/dbt");
  CHECK(active.tried.size() == 1);
  // A configured executable is used as given, and has no fallback.
  CHECK(locate_dbt(venv + "/bin/dbt", venv, project).path == venv + "/bin/dbt");
  auto configured = locate_dbt((tmp.path() / "nowhere" / "dbt").string(), venv, project);
  CHECK(configured.path.empty());  // a configured executable has no fallback
  CHECK(dbt_not_found_message(configured).find("plugins.dbt.config.executable") != std::string::npos);
}

TEST_CASE("a JVM adapter's error keeps its exception and loses its Java stack frames", "[dbt-core]") {
  // dbt-spark's error for a Spark SQL statement that failed in the JVM (the
  // shape of a real one: S3FileIO without keys), as dbt reports it.
  const std::string spark =
      "Runtime Error\n  An error occurred while calling o70.sql.\n"
      ": software.amazon.awssdk.core.exception.SdkClientException: Unable to load credentials from any of the "
      "providers in the chain AwsCredentialsProviderChain(credentialsProviders=[SystemPropertyCredentialsProvider()])\n"
      "\tat software.amazon.awssdk.core.exception.SdkClientException$BuilderImpl.build(SdkClientException.java:130)\n"
      "\tat org.apache.spark.sql.execution.QueryExecution$.withInternalError(QueryExecution.scala:717)\n"
      "\tat py4j.commands.CallCommand.execute(CallCommand.java:79)\n"
      "\tat java.base/java.lang.Thread.run(Thread.java:840)\n"
      "\tSuppressed: org.apache.spark.util.Utils$OriginalTryStackTraceException: Full stacktrace of original "
      "doTryWithCallerStacktrace caller\n"
      "\t\tat software.amazon.awssdk.core.exception.SdkClientException$BuilderImpl.build(SdkClientException.java:130)\n"
      "\t\t... 22 more\n";
  std::string summary = error_summary({spark});
  INFO(summary);
  CHECK(summary.find("Unable to load credentials") != std::string::npos);
  CHECK(summary.find("An error occurred while calling o70.sql.") != std::string::npos);
  CHECK(summary.find("CallCommand.java") == std::string::npos);
  CHECK(summary.find("22 more") == std::string::npos);
  CHECK(summary.find("OriginalTryStackTraceException") == std::string::npos);
  // A line of the error itself that starts like a frame stays.
  CHECK(error_summary({"at least one model failed (2 of 9)"}) == "at least one model failed (2 of 9)");
}
