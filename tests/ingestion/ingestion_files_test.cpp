// ingestion-dlt: which files a source names, which Python runs dlt, where
// the runner is installed.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include "python_locator.hpp"
#include "runner_location.hpp"
#include "source_files.hpp"
#include "temp_dir.hpp"

using namespace floe::ingestion_dlt;
using namespace floe::plugin_support;
using floe::test::TempDir;
using floe::test::write_file;

namespace {

void make_executable(const std::filesystem::path& path) {
  write_file(path, "#!/bin/sh\n");
  ::chmod(path.c_str(), 0755);
}

}  // namespace

TEST_CASE("ingestion-dlt source files: a file, a glob, and what is missing") {
  TempDir dir;
  write_file(dir.path() / "b.csv", "x\n");
  write_file(dir.path() / "a.csv", "x\n");
  write_file(dir.path() / "notes.txt", "x\n");
  std::filesystem::create_directories(dir.path() / "c.csv");  // a directory matching the glob

  auto one = match_source_files(dir.str() + "/a.csv");
  CHECK(one.problem.empty());
  CHECK(one.files == std::vector<std::string>{dir.str() + "/a.csv"});

  auto all = match_source_files(dir.str() + "/*.csv");
  CHECK(all.problem.empty());
  CHECK(all.files == std::vector<std::string>{dir.str() + "/a.csv", dir.str() + "/b.csv"});  // sorted, files only

  CHECK(match_source_files(dir.str() + "/missing.csv").problem ==
        "source file " + dir.str() + "/missing.csv cannot be read: No such file or directory");
  CHECK(match_source_files(dir.str() + "/*.parquet").problem == "source pattern " + dir.str() + "/*.parquet matches no file");
  CHECK(match_source_files(dir.str() + "/c.csv").problem ==
        "source file " + dir.str() + "/c.csv cannot be read: it is a directory (name the files, e.g. with a glob such as "
                                     "dir/*.csv)");
}

TEST_CASE("ingestion-dlt python: config, then $VIRTUAL_ENV, then the project's .venv, then PATH") {
  TempDir dir;
  auto venv = dir.path() / "active-venv";
  auto project = dir.path() / "product";
  auto bin = dir.path() / "bin";
  make_executable(venv / "bin/python");
  make_executable(project / ".venv/bin/python");
  make_executable(bin / "python3");
  make_executable(bin / "python3.11");

  python_search search{std::nullopt, venv.string(), project.string(), "relative:" + bin.string()};
  CHECK(locate_python(search).path == (venv / "bin/python").string());
  CHECK(locate_python(search).how == "the active virtualenv ($VIRTUAL_ENV)");

  search.configured = "python3.11";
  CHECK(locate_python(search).path == (bin / "python3.11").string());
  search.configured = (project / ".venv/bin/python").string();
  CHECK(locate_python(search).path == (project / ".venv/bin/python").string());

  search.configured.reset();
  search.virtual_env = (dir.path() / "no-such-venv").string();
  CHECK(locate_python(search).path == (project / ".venv/bin/python").string());
  search.project_dir.reset();
  CHECK(locate_python(search).path == (bin / "python3").string());
  CHECK(locate_python(search).how == "python3 on PATH");

  search.path = "/nonexistent";
  auto none = locate_python(search);
  CHECK(none.path.empty());
  CHECK(none.how == "no Python interpreter found; tried " + (dir.path() / "no-such-venv").string() +
                        "/bin/python, <project_dir>/.venv/bin/python (the run request gave no project_dir), python3 on PATH");
}

TEST_CASE("ingestion-dlt python: a configured interpreter that is missing is an error, not skipped") {
  TempDir dir;
  make_executable(dir.path() / "bin/python3");
  python_search search{(dir.path() / "gone/python").string(), std::nullopt, std::nullopt, (dir.path() / "bin").string()};
  auto found = locate_python(search);
  CHECK(found.path.empty());
  CHECK(found.how == "the plugin config's python '" + (dir.path() / "gone/python").string() + "' is not an executable file");
  search.configured = "python2";
  CHECK(locate_python(search).how == "the plugin config's python 'python2' is not on PATH");
  write_file(dir.path() / "bin/python2", "not executable");
  CHECK(locate_python(search).path.empty());
}

TEST_CASE("ingestion-dlt runner location: beside the library") {
  CHECK(runner_directory_beside("/opt/floe/lib/floe/plugins/floe.ingestion/floe_ingestion_dlt.so") ==
        "/opt/floe/lib/floe/plugins/floe.ingestion/floe_ingestion_dlt-runner");
}
